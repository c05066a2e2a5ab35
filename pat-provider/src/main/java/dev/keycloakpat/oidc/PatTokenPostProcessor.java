package dev.keycloakpat.oidc;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.AccessToken;

import dev.keycloakpat.introspection.PatClaims;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.validation.Validation;

/**
 * Shapes every access token issued for a PAT-authenticated session: live narrowed roles, read/write scope,
 * team and pat_id claims, and no session id (the session is transient). No mapper or client scope to add.
 */
final class PatTokenPostProcessor implements TokenPostProcessor {

    /** Session attribute: the user session of this request's exchange, for {@link PatPasswordGrantType}. */
    static final String USER_SESSION_ATTRIBUTE = "kcpat.exchange.userSession";

    private final KeycloakSession session;

    PatTokenPostProcessor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        AccessToken token = context.accessToken();
        if (token == null || context.clientSessionCtx() == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = context.clientSessionCtx().getClientSession();
        if (clientSession == null || clientSession.getUserSession() == null) {
            return;
        }
        String patId = clientSession.getUserSession().getNote(PatAuthenticator.SESSION_NOTE);
        if (patId == null) {
            return;
        }
        Validation v = new PatValidator(session).validateById(clientSession.getRealm(), patId);
        if (!v.valid()) {
            throw new IllegalStateException("Personal access token became invalid during the exchange");
        }
        session.setAttribute(USER_SESSION_ATTRIBUTE, clientSession.getUserSession().getId());
        PatClaims.apply(token, v);
        token.setSessionId(null);
    }
}
