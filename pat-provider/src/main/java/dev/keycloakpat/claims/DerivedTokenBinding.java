package dev.keycloakpat.claims;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.AccessTokenContext.SessionType;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;

/**
 * Binds a JWT derived from a PAT so that no Keycloak endpoint accepts it on the strength of the user's own roles.
 *
 * <p>Keycloak's admin REST API, Account API, userinfo and its own token exchange authenticate a bearer JWT by
 * finding its user session ({@code UserSessionUtil.findValidSessionForAccessToken}) and then authorize with the
 * user's live roles and the client's role scope, never with the token's claims. A token with no session id that
 * says it belongs to a transient session gets a fresh transient session: the narrowed PAT would act with all of
 * its owner's roles there. So the derived JWT says, in the session-type part of its {@code jti} (Keycloak's
 * {@link TokenContextEncoderProvider} format), that it belongs to an online session, and carries no session id:
 * every such endpoint answers as for a token whose session is gone. Services that validate the JWT themselves
 * (signature, {@code exp}, claims) and the extension's introspection (which judges it by its PAT) are unaffected.
 */
public final class DerivedTokenBinding {

    private DerivedTokenBinding() {
    }

    /** Marks the token as one of an online session and removes its session id. */
    public static void bind(KeycloakSession session, AccessToken token) {
        token.setSessionId(null);
        token.id(withSessionType(session, token.getId(), SessionType.ONLINE));
    }

    /** The token id as Keycloak would have written it for a transient session (for the extension's own checks). */
    public static String unbound(KeycloakSession session, String tokenId) {
        return withSessionType(session, tokenId, SessionType.TRANSIENT);
    }

    private static String withSessionType(KeycloakSession session, String tokenId, SessionType type) {
        TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
        AccessTokenContext context = encoder.getTokenContextFromTokenId(tokenId);
        if (context.getTokenType() == AccessTokenContext.TokenType.UNKNOWN) {
            throw new IllegalStateException("Keycloak issued an access token without an encoded token context");
        }
        return encoder.encodeTokenId(new AccessTokenContext(type, context.getTokenType(), context.getGrantType(),
                context.getRawTokenId()));
    }
}
