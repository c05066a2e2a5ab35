package dev.keycloakpat.oidc;

import jakarta.ws.rs.core.Response;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantType;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

/**
 * Keycloak's password grant, unchanged, except that a response to a PAT exchange carries no refresh token
 * (nothing derived from a PAT may outlive it) and no ID token (its claims are not narrowed).
 */
final class PatPasswordGrantType extends ResourceOwnerPasswordCredentialsGrantType {

    @Override
    public Response process(Context context) {
        Response response = super.process(context);
        if (session != null && session.getAttribute(PatAuthenticator.EXCHANGE_ATTRIBUTE) != null) {
            if (response.getEntity() instanceof AccessTokenResponse res) {
                if (isOffline(res.getRefreshToken())) {
                    removeOfflineSession();
                }
                res.setRefreshToken(null);
                // an ID token would carry the user's claims (groups, roles) unnarrowed: a PAT exchange issues none
                res.setIdToken(null);
                res.setRefreshExpiresIn(0);
                res.setSessionState(null);
            }
        }
        return response;
    }

    /**
     * Only an offline refresh token comes with an offline session: checking the token (no lookup) spares every other
     * exchange a look-up of the session id in Keycloak's persistent session store.
     */
    static boolean isOffline(String refreshToken) {
        if (refreshToken == null) {
            return false;
        }
        try {
            return TokenUtil.TOKEN_TYPE_OFFLINE.equals(new JWSInput(refreshToken).readJsonContent(RefreshToken.class).getType());
        } catch (JWSInputException e) {
            return true; // cannot tell: look it up
        }
    }

    /**
     * A client whose default scopes include offline_access makes Keycloak persist an offline session even for
     * the exchange's transient session; nothing derived from a PAT may outlive it, so it is removed again.
     */
    private void removeOfflineSession() {
        Object userSessionId = session.getAttribute(PatTokenPostProcessor.USER_SESSION_ATTRIBUTE);
        if (userSessionId == null) {
            return;
        }
        UserSessionModel offline = session.sessions().getOfflineUserSession(realm, userSessionId.toString());
        if (offline != null) {
            session.sessions().removeOfflineUserSession(realm, offline);
        }
    }
}
