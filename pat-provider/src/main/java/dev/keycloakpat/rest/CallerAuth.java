package dev.keycloakpat.rest;

import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.model.PatRecord;

/**
 * Authenticates the caller of the self-service API like Keycloak's Account REST API: a user's access token
 * from this realm with the account client's manage-account role. PATs and PAT-derived tokens are refused (403):
 * a token can never mint or manage tokens.
 */
final class CallerAuth {

    private static final String ACCOUNT_CLIENT = "account";
    private static final String MANAGE_ACCOUNT = "manage-account";

    private CallerAuth() {
    }

    /**
     * The authenticated caller. {@code authTime}: when the user last logged in (epoch seconds), or {@code null} when
     * Keycloak does not know.
     */
    record Caller(UserModel user, AccessToken token, Long authTime) {
    }

    @SuppressWarnings("removal") // see the getters below
    static Caller require(KeycloakSession session) {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        String bearer = bearer(header);
        if (bearer == null) {
            throw new Refusal(Refusal.Kind.UNAUTHENTICATED, "unauthorized", "A bearer access token is required.");
        }
        if (PatToken.looksLikePat(bearer)) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "pat_not_allowed", "A personal access token cannot manage personal access tokens.");
        }
        if (claims(bearer).containsKey(PatRecord.ID_KEY)) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "pat_not_allowed", "A token obtained with a personal access token cannot manage personal access tokens.");
        }
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setTokenString(bearer).authenticate();
        // getUser()/getToken()/getSession(), not the record accessors user()/token()/session() that Keycloak 26.5
        // added: AuthResult is a class with getters only in 26.4, and 26.5-26.7 keep the getters (deprecated).
        if (auth == null) {
            throw new Refusal(Refusal.Kind.UNAUTHENTICATED, "unauthorized", "The access token is not valid.");
        }
        if (auth.getUser().getServiceAccountClientLink() != null) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden", "Service accounts have no personal access tokens.");
        }
        AccessToken token = auth.getToken();
        if (token.getOtherClaims().containsKey(PatRecord.ID_KEY)) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "pat_not_allowed", "A token obtained with a personal access token cannot manage personal access tokens.");
        }
        if (token.getResourceAccess(ACCOUNT_CLIENT) == null && auth.getSession() != null) {
            // lightweight access tokens carry no roles: compute them like Keycloak's account API does
            var provider = (AccessTokenIntrospectionProvider) session.getProvider(TokenIntrospectionProvider.class,
                    AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE);
            token = provider.transformAccessToken(token, auth.getSession());
        }
        AccessToken.Access account = token.getResourceAccess(ACCOUNT_CLIENT);
        if (account == null || !account.isUserInRole(MANAGE_ACCOUNT)) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden", "The access token lacks the account client's manage-account role.");
        }
        return new Caller(auth.getUser(), token, authTime(token, auth.getSession()));
    }

    /**
     * When the user last authenticated, as Keycloak itself records it: the access token's {@code auth_time} claim
     * (Keycloak's "basic" client scope maps it from the user session); without it, the user session's
     * {@link AuthenticationManager#AUTH_TIME} note (set at every non-SSO login, so a re-login updates it); a session
     * without that note was not made by a browser login (e.g. a direct grant, which is itself a login), so its start.
     */
    static Long authTime(AccessToken token, UserSessionModel userSession) {
        Long claim = token.getAuth_time();
        if (claim != null && claim > 0) {
            return claim;
        }
        if (userSession == null) {
            return null;
        }
        String note = userSession.getNote(AuthenticationManager.AUTH_TIME);
        if (note != null) {
            try {
                return Long.parseLong(note.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return userSession.getStarted() > 0 ? (long) userSession.getStarted() : null;
    }

    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
            return null;
        }
        return parts[1].trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String jwt) {
        try {
            return new JWSInput(jwt).readJsonContent(Map.class);
        } catch (JWSInputException | RuntimeException e) {
            return Map.of();
        }
    }
}
