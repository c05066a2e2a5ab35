package dev.keycloakpat.oidc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.common.util.CollectionUtil;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.util.DefaultClientSessionContext;

import dev.keycloakpat.events.PatEvents;
import dev.keycloakpat.validation.Outcome;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.validation.PatValidator.EntryPoint;
import dev.keycloakpat.validation.Validation;

/**
 * RFC 8693 token exchange of a PAT (docs/api.md, "Exchange for a JWT"), ordered before Keycloak's own providers.
 * <ul>
 *   <li>subject token that looks like a PAT: validated on the one validation path, then a JWT is issued the way
 *       {@code client_credentials} issues one: a transient user session for the owner, no authentication session,
 *       no authentication flow, no required actions; the session note {@link PatAuthenticator#SESSION_NOTE} makes
 *       {@link PatTokenPostProcessor} shape the JWT as for the password-grant route. Access token only.</li>
 *   <li>subject token that is a JWT obtained from a PAT: refused, so no standard exchange can widen it
 *       (docs/api.md, "Security guarantees").</li>
 *   <li>anything else: not supported here, so Keycloak's own exchange answers unchanged.</li>
 * </ul>
 */
final class PatTokenExchangeProvider implements TokenExchangeProvider {

    @Override
    public boolean supports(TokenExchangeContext context) {
        return PatExchangeRequest.classify(context.getParams().getSubjectToken()) != PatExchangeRequest.Subject.OTHER;
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        EventBuilder event = context.getEvent();
        Cors cors = context.getCors();
        if (PatExchangeRequest.classify(context.getParams().getSubjectToken()) == PatExchangeRequest.Subject.PAT_DERIVED_JWT) {
            throw refuse(event, cors, Errors.INVALID_TOKEN, "subject_token obtained from a personal access token",
                    OAuthErrorException.INVALID_REQUEST,
                    "A token obtained from a personal access token cannot be exchanged again", Response.Status.BAD_REQUEST);
        }
        event.detail(Details.CREDENTIAL_TYPE, PatEvents.CREDENTIAL_TYPE)
                .detail(Details.REQUESTED_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);
        ClientModel client = context.getClient();
        if (!OIDCAdvancedConfigWrapper.fromClientModel(client).isStandardTokenExchangeEnabled()) {
            throw refuse(event, cors, Errors.NOT_ALLOWED, "standard token exchange not enabled for the client",
                    OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "Standard token exchange is not enabled for the requested client", Response.Status.BAD_REQUEST);
        }
        if (client.isPublicClient()) {
            throw refuse(event, cors, Errors.INVALID_CLIENT, "public client",
                    OAuthErrorException.INVALID_CLIENT, "Public client is not allowed to exchange token", Response.Status.BAD_REQUEST);
        }
        PatExchangeRequest.Refusal refusal = PatExchangeRequest.check(context.getFormParams()::getFirst);
        if (refusal != null) {
            throw refuse(event, cors, Errors.INVALID_REQUEST, refusal.description(), refusal.error(), refusal.description(),
                    Response.Status.BAD_REQUEST);
        }

        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        // the one call into the validation pipeline (events, metrics, rate limit); this entry point only renders it
        Validation v = new PatValidator(session).use(realm, context.getParams().getSubjectToken(),
                EntryPoint.TOKEN_EXCHANGE, null, () -> event);
        if (v.outcome() == Outcome.RATE_LIMITED) {
            return cors.add(Response.fromResponse(RateLimits.tooManyRequests(v.retryAfterSeconds())));
        }
        if (!v.valid()) {
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT,
                    "Invalid personal access token", Response.Status.BAD_REQUEST);
        }
        event.detail(Details.USERNAME, v.user().getUsername());
        return issue(context, v);
    }

    private Response issue(TokenExchangeContext context, Validation v) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        ClientModel client = context.getClient();
        EventBuilder event = context.getEvent();
        Cors cors = context.getCors();
        UserModel user = v.user();

        String scope = ExchangeScope.withoutOfflineAccess(context.getParams().getScope());
        if (scope != null && scope.isEmpty()) {
            scope = null;
        }
        if (!TokenManager.isValidScope(session, scope, client, user)) {
            throw refuse(event, cors, Errors.INVALID_REQUEST, "Invalid scopes: " + scope,
                    OAuthErrorException.INVALID_SCOPE, "Invalid scopes: " + scope, Response.Status.BAD_REQUEST);
        }
        List<ClientModel> audience = audienceClients(context);
        if (!TokenManager.verifyConsentStillAvailable(session, user, client, null, scope)) {
            throw refuse(event, cors, Errors.CONSENT_DENIED, "Missing consents for Token Exchange in client " + client.getClientId(),
                    OAuthErrorException.INVALID_SCOPE, "Missing consents for Token Exchange in client " + client.getClientId(),
                    Response.Status.BAD_REQUEST);
        }

        // like client_credentials, but without the authentication session it creates and removes again: a transient
        // user session (never stored) with one client session, nothing left behind
        UserSessionModel userSession = session.sessions().createUserSession(KeycloakModelUtils.generateId(), realm, user,
                user.getUsername(), context.getClientConnection().getRemoteHost(), OIDCLoginProtocol.LOGIN_PROTOCOL, false,
                null, null, UserSessionModel.SessionPersistenceState.TRANSIENT);
        userSession.setNote(PatAuthenticator.SESSION_NOTE, v.token().id());
        context.getClientAuthAttributes().forEach(userSession::setNote);
        AuthenticatedClientSessionModel clientSession = session.sessions().createClientSession(realm, client, userSession);
        clientSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        clientSession.setNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        if (scope != null) {
            clientSession.setNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        }
        clientSession.setTimestamp(userSession.getLastSessionRefresh());
        // never offline_access, not even as one of the client's default scopes: nothing derived from a PAT outlives it
        Set<ClientScopeModel> scopes = TokenManager.getRequestedClientScopes(session, scope, client, user)
                .filter(s -> !OAuth2Constants.OFFLINE_ACCESS.equals(s.getName()))
                .collect(Collectors.toSet());
        ClientSessionContext clientSessionCtx = DefaultClientSessionContext.fromClientSessionAndClientScopes(clientSession, scopes, null, session);
        clientSessionCtx.setAttribute(OAuth2Constants.OFFLINE_ACCESS, Boolean.FALSE);
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE);
        if (!audience.isEmpty()) {
            clientSessionCtx.setAttribute(Constants.REQUESTED_AUDIENCE_CLIENTS, audience.toArray(ClientModel[]::new));
        }

        TokenManager.AccessTokenResponseBuilder builder = ((TokenManager) context.getTokenManager())
                .responseBuilder(realm, client, event, session, userSession, clientSessionCtx)
                .generateAccessToken();
        builder.getAccessToken().setSessionId(null); // the session is transient: the token names none
        // build() runs the token post-processors (PatTokenPostProcessor narrows the token) before encoding it
        AccessTokenResponse response = builder.build();
        AccessToken token = builder.getAccessToken();
        checkAudience(context, token);
        response.setScope(token.getScope()); // the narrowed token's scope (read/write), not the client session's
        response.setSessionState(null);
        response.setRefreshToken(null);
        response.setRefreshExpiresIn(0);
        response.setIdToken(null);
        response.setOtherClaims(OAuth2Constants.ISSUED_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);

        event.session((String) null);
        if (token.getAudience() != null) {
            event.detail(Details.AUDIENCE, CollectionUtil.join(List.of(token.getAudience()), " "));
        }
        event.success();
        return cors.add(Response.ok(response, MediaType.APPLICATION_JSON_TYPE));
    }

    /** The clients named by {@code audience} (client ids); empty when none is asked for. */
    private static List<ClientModel> audienceClients(TokenExchangeContext context) {
        List<String> requested = context.getParams().getAudience();
        List<ClientModel> clients = new ArrayList<>();
        if (requested == null) {
            return clients;
        }
        for (String clientId : requested) {
            ClientModel target = context.getRealm().getClientByClientId(clientId);
            if (target == null || !target.isEnabled()) {
                context.getEvent().detail(Details.AUDIENCE, clientId);
                throw refuse(context.getEvent(), context.getCors(), Errors.CLIENT_NOT_FOUND, "audience not found",
                        "invalid_target", "Audience not found or disabled: " + clientId, Response.Status.BAD_REQUEST);
            }
            clients.add(target);
        }
        return clients;
    }

    /** Every requested audience must be in the narrowed token: an audience can only narrow, never widen. */
    private static void checkAudience(TokenExchangeContext context, AccessToken token) {
        Set<String> missing = TokenUtils.checkRequestedAudiences(token, context.getParams().getAudience());
        if (!missing.isEmpty()) {
            String names = CollectionUtil.join(missing);
            throw refuse(context.getEvent(), context.getCors(), Errors.INVALID_REQUEST, "Requested audience not available: " + names,
                    "invalid_target", "Requested audience not available: " + names, Response.Status.BAD_REQUEST);
        }
    }

    private static CorsErrorResponseException refuse(EventBuilder event, Cors cors, String eventError, String reason,
                                                     String error, String description, Response.Status status) {
        event.detail(Details.REASON, reason);
        event.error(eventError);
        return new CorsErrorResponseException(cors, error, description, status);
    }

    @Override
    public void close() {
    }
}
