package dev.keycloakpat.oidc;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Details;
import org.keycloak.authentication.authenticators.directgrant.AbstractDirectGrantAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;

import dev.keycloakpat.events.PatEvents;
import dev.keycloakpat.validation.Outcome;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.validation.PatValidator.EntryPoint;
import dev.keycloakpat.validation.Validation;

/**
 * Direct-grant authenticator: the password field carries a PAT, the username must be its owner's.
 * On success the user is set, the user session is transient (nothing is left behind) and the issued
 * access token is shaped by {@link PatTokenPostProcessor}; {@link PatPasswordGrantType} drops the refresh token.
 */
final class PatAuthenticator extends AbstractDirectGrantAuthenticator {

    /** User-session note naming the PAT a session was authenticated with. */
    static final String SESSION_NOTE = "kcpat.id";
    /** Session attribute telling the password grant that this request exchanged a PAT. */
    static final String EXCHANGE_ATTRIBUTE = "kcpat.exchange";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String username = form.getFirst(AuthenticationManager.FORM_USERNAME);
        String presented = form.getFirst("password");
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        if (!KeycloakFeatures.TOKEN_POST_PROCESSOR) {
            // this Keycloak could not narrow the issued JWT: refuse rather than hand out the owner's full roles
            context.getEvent().detail(Details.CREDENTIAL_TYPE, PatEvents.CREDENTIAL_TYPE)
                    .detail(Details.REASON, "exchange_not_supported_by_this_keycloak");
            context.getEvent().error("not_allowed");
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, errorResponse(400, "invalid_request",
                    "This Keycloak version cannot exchange personal access tokens (it needs Keycloak 26.7 or later)"));
            return;
        }

        PatEvents.redactUsernameIfToken(context.getEvent(), username);
        Validation v = new PatValidator(session).use(realm, presented, EntryPoint.PASSWORD_GRANT, username == null ? "" : username,
                context::getEvent);
        if (v.outcome() == Outcome.RATE_LIMITED) {
            context.challenge(RateLimits.tooManyRequests(v.retryAfterSeconds()));
            return;
        }
        if (!v.valid()) {
            context.failure(AuthenticationFlowError.INVALID_CREDENTIALS,
                    errorResponse(401, "invalid_grant", "Invalid personal access token"));
            return;
        }
        context.getAuthenticationSession().setClientNote(AuthenticationManager.USER_SESSION_PERSISTENT_STATE,
                UserSessionModel.SessionPersistenceState.TRANSIENT.toString());
        context.getAuthenticationSession().setUserSessionNote(SESSION_NOTE, v.token().id());
        // an offline session would be persisted and outlive the PAT: the exchange never grants offline_access
        String scope = context.getAuthenticationSession().getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        if (scope != null) {
            context.getAuthenticationSession().setClientNote(OIDCLoginProtocol.SCOPE_PARAM, ExchangeScope.withoutOfflineAccess(scope));
        }
        session.setAttribute(EXCHANGE_ATTRIBUTE, v.token().id());
        context.setUser(v.user());
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public String getDisplayType() {
        return null;
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public org.keycloak.models.AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return null;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return null;
    }

    @Override
    public java.util.List<org.keycloak.provider.ProviderConfigProperty> getConfigProperties() {
        return null;
    }

    @Override
    public String getId() {
        return PatAuthenticatorFactory.ID;
    }
}
