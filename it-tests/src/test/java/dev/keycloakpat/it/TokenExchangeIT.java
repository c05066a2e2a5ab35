package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.keycloakpat.it.harness.Pats.RS;
import static dev.keycloakpat.it.harness.Pats.RS_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Exchange for a JWT"): RFC 8693 token exchange of a PAT, by a client whose "Standard
 * token exchange" switch is on, with no flow binding; a JWT subject token obtained from a PAT is refused
 * (docs/api.md, "Security guarantees"); every other JWT subject token still reaches Keycloak's own exchange. The
 * README's Nimbus snippet is {@link #exchangeWithNimbus}.
 */
class TokenExchangeIT extends SecretCheckedRealmIT {

    static final String EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String PAT_TYPE = "urn:keycloak-pat:token-type:pat";

    private static final String APP = "pat-exchanger";
    private static final String APP_SECRET = "pat-exchanger-secret";
    private static final String OFF = "no-exchange";
    private static final String OFF_SECRET = "no-exchange-secret";

    private String aliceId;
    private String aliceToken;
    private String teamId;

    @BeforeAll
    void setUp(TestRealm realm) {
        // README: a confidential client, "Standard token exchange" on; nothing else (no flow binding).
        // The exchanged tokens are meant for the resource server (so Keycloak lets it introspect them).
        realm.withRealmRoles("reader", "writer").withUser("alice", "reader", "writer").withTeam("platform", "alice")
                .withConfidentialClient(RS, RS_SECRET)
                .withConfidentialClient(APP, APP_SECRET).withStandardTokenExchange(APP, true).withAudience(APP, RS)
                .withConfidentialClient(OFF, OFF_SECRET);
        teamId = realm.teamId("platform");
        aliceId = realm.userId("alice");
        aliceToken = realm.userToken("alice");
    }

    private JsonNode narrowedWritePat(String name) {
        return pats.create(aliceToken, Pats.withRoles(Pats.request(name, teamId).put("write", true), "reader"));
    }

    /** The README's snippet: an app trades a PAT for a JWT with the Nimbus SDK's RFC 8693 grant. */
    private TokenResponse exchangeWithNimbus(String clientId, String secret, String pat, Scope scope) throws Exception {
        URI tokenEndpoint = URI.create(realm.http().baseUrl() + realm.tokenEndpoint());
        TokenRequest request = new TokenRequest(tokenEndpoint,
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                new TokenExchangeGrant(new BearerAccessToken(pat), TokenTypeURI.ACCESS_TOKEN),
                scope);
        return TokenResponse.parse(request.toHTTPRequest().send());
    }

    /** The same exchange as a plain form post (curl in the README). */
    private Http.Response exchange(String clientId, String secret, String subjectToken, String subjectTokenType, String... more) {
        Map<String, String> form = Http.form("grant_type", EXCHANGE_GRANT, "subject_token", subjectToken,
                "subject_token_type", subjectTokenType, "client_id", clientId, "client_secret", secret);
        for (int i = 0; i < more.length; i += 2) {
            form.put(more[i], more[i + 1]);
        }
        return realm.http().postForm(realm.tokenEndpoint(), form);
    }

    private Http.Response exchangePat(String pat, String... more) {
        return exchange(APP, APP_SECRET, pat, ACCESS_TOKEN_TYPE, more);
    }

    private static void assertError(Http.Response r, int status, String error) {
        assertEquals(status, r.status(), r::toString);
        assertEquals(error, r.json().path("error").asText(), r::toString);
        assertFalse(r.json().has("access_token"), r::toString);
    }

    @Test
    void nimbusExchangesAPatForANarrowedJwtWithoutRefreshToken() throws Exception {
        JsonNode created = narrowedWritePat("nimbus");
        TokenResponse response = exchangeWithNimbus(APP, APP_SECRET, created.path("token").asText(), null);

        assertTrue(response.indicatesSuccess(), () -> String.valueOf(response.toErrorResponse().getErrorObject()));
        Tokens tokens = response.toSuccessResponse().getTokens();
        AccessToken accessToken = tokens.getAccessToken();
        assertEquals(TokenTypeURI.ACCESS_TOKEN, accessToken.getIssuedTokenType());
        assertEquals("Bearer", accessToken.getType().getValue());
        assertNull(tokens.getRefreshToken());
        assertTrue(accessToken.getLifetime() > 0 && accessToken.getLifetime() <= 300, "expires_in " + accessToken.getLifetime());

        JsonNode jwt = Pats.jwtClaims(accessToken.getValue());
        assertEquals(aliceId, jwt.path("sub").asText(), jwt::toString);
        assertEquals(APP, jwt.path("azp").asText(), jwt::toString);
        assertEquals(Set.of("reader"), Pats.texts(jwt.path("realm_access").path("roles")), jwt::toString);
        assertEquals(0, jwt.path("resource_access").size(), jwt::toString);
        assertTrue(Set.of(jwt.path("scope").asText().split(" ")).containsAll(Set.of("read", "write")), jwt::toString);
        assertEquals(created.path("id").asText(), jwt.path("pat_id").asText(), jwt::toString);
        assertEquals(teamId, jwt.path("team").path("id").asText(), jwt::toString);
        assertFalse(jwt.has("sid"), "bound to no user session: " + jwt);
    }

    @Test
    void plainFormPostWithEitherTokenTypeAnswersTheRfc8693Shape() {
        for (String type : new String[] {ACCESS_TOKEN_TYPE, PAT_TYPE}) {
            String pat = narrowedWritePat("form-" + type.length()).path("token").asText();
            JsonNode body = exchange(APP, APP_SECRET, pat, type).expect(200).json();
            assertEquals(ACCESS_TOKEN_TYPE, body.path("issued_token_type").asText(), body::toString);
            assertEquals("Bearer", body.path("token_type").asText(), body::toString);
            assertTrue(body.path("expires_in").asInt() > 0, body::toString);
            for (String absent : new String[] {"refresh_token", "id_token", "session_state"}) {
                assertFalse(body.has(absent), () -> absent + " in " + body);
            }
            assertEquals(0, body.path("refresh_expires_in").asInt(0), body::toString);
            // the scope granted is the narrowed token's
            assertTrue(Set.of(body.path("scope").asText().split(" ")).containsAll(Set.of("read", "write")), body::toString);
            assertTrue(Pats.jwtClaims(body.path("access_token").asText()).has("pat_id"), body::toString);
        }
    }

    @Test
    void exchangedJwtIntrospectsNarrowedAndDiesWithItsPat() {
        JsonNode created = narrowedWritePat("introspect");
        String jwt = exchangePat(created.path("token").asText()).expect(200).json().path("access_token").asText();

        JsonNode answer = pats.introspectJson(RS, RS_SECRET, jwt);
        assertTrue(answer.path("active").asBoolean(), answer::toString);
        assertEquals(Set.of("reader"), Pats.texts(answer.path("realm_access").path("roles")), answer::toString);
        assertEquals(created.path("id").asText(), answer.path("pat_id").asText(), answer::toString);
        assertTrue(Set.of(answer.path("scope").asText().split(" ")).containsAll(Set.of("read", "write")), answer::toString);

        pats.revokeAsOwner(aliceToken, created.path("id").asText());
        assertEquals("{\"active\":false}", pats.introspect(RS, RS_SECRET, jwt, null).expect(200).body());
    }

    @Test
    void aWrongOrRevokedPatIsInvalidGrantWithAFailedUseEvent() throws Exception {
        JsonNode created = narrowedWritePat("wrong");
        String pat = created.path("token").asText();
        String wrong = Pats.withWrongSecret(pat, 7);
        presented.add(wrong);
        assertError(exchangePat(wrong), 400, "invalid_grant");
        assertError(exchangePat("kcpat_garbage"), 400, "invalid_grant");
        assertError(exchange(APP, APP_SECRET, "kcpat_garbage", PAT_TYPE), 400, "invalid_grant");

        JsonNode failed = pats.eventsOf(created.path("id").asText(), "TOKEN_EXCHANGE_ERROR").get(0);
        assertEquals("bad_secret", failed.path("details").path("reason").asText(), failed::toString);
        assertEquals("personal-access-token", failed.path("details").path("credential_type").asText(), failed::toString);
        assertEquals(pat.substring(0, 18), failed.path("details").path("pat_prefix").asText(), failed::toString);
        assertEquals(APP, failed.path("clientId").asText(), failed::toString);

        exchangePat(pat).expect(200);
        pats.revokeAsOwner(aliceToken, created.path("id").asText());
        Http.Response revoked = exchangePat(pat);
        assertError(revoked, 400, "invalid_grant");
        assertEquals("Invalid personal access token", revoked.json().path("error_description").asText(), revoked::toString);

        // the same answer through the client library
        ErrorObject error = exchangeWithNimbus(APP, APP_SECRET, pat, null).toErrorResponse().getErrorObject();
        assertEquals("invalid_grant", error.getCode());
        assertEquals(400, error.getHTTPStatusCode());
    }

    @Test
    void aSuccessfulExchangeIsATokenExchangeEventNamingThePat() {
        JsonNode created = narrowedWritePat("event");
        exchangePat(created.path("token").asText()).expect(200);
        List<JsonNode> events = pats.eventsOf(created.path("id").asText(), "TOKEN_EXCHANGE");
        assertEquals(1, events.size(), events::toString);
        JsonNode details = events.get(0).path("details");
        assertEquals("personal-access-token", details.path("credential_type").asText(), details::toString);
        assertEquals("alice", details.path("username").asText(), details::toString);
        assertEquals(created.path("token").asText().substring(0, 18), details.path("pat_prefix").asText(), details::toString);
        assertEquals(ACCESS_TOKEN_TYPE, details.path("requested_token_type").asText(), details::toString);
        assertEquals(aliceId, events.get(0).path("userId").asText());
        assertEquals(APP, events.get(0).path("clientId").asText());
    }

    @Test
    void aClientWithoutTheStandardTokenExchangeSwitchIsRefused() throws Exception {
        String pat = narrowedWritePat("switch-off").path("token").asText();
        Http.Response refused = exchange(OFF, OFF_SECRET, pat, ACCESS_TOKEN_TYPE);
        assertError(refused, 400, "unauthorized_client");
        assertTrue(refused.json().path("error_description").asText().contains("Standard token exchange is not enabled"), refused::toString);
        assertEquals("unauthorized_client", exchangeWithNimbus(OFF, OFF_SECRET, pat, null).toErrorResponse().getErrorObject().getCode());
        // and a wrong client secret never gets as far as the PAT
        assertError(exchange(APP, "not-the-secret", pat, ACCESS_TOKEN_TYPE), 401, "unauthorized_client");
    }

    @Test
    void offlineAccessIsNeverGrantedAndNoSessionIsLeftBehind() {
        String pat = narrowedWritePat("offline").path("token").asText();
        JsonNode body = exchangePat(pat, "scope", "openid offline_access").expect(200).json();
        assertFalse(body.has("refresh_token"), body::toString);
        assertFalse(body.path("scope").asText().contains("offline_access"), body::toString);
        JsonNode jwt = Pats.jwtClaims(body.path("access_token").asText());
        assertFalse(jwt.path("scope").asText().contains("offline_access"), jwt::toString);
        assertNotEquals("Offline", jwt.path("typ").asText(), jwt::toString);

        String clientUuid = realm.clientUuid(APP);
        JsonNode offline = realm.admin().get(realm.adminPath("/users/" + aliceId + "/offline-sessions/" + clientUuid)).expect(200).json();
        assertEquals(0, offline.size(), offline::toString);
        JsonNode sessions = realm.admin().get(realm.adminPath("/clients/" + clientUuid + "/user-sessions")).expect(200).json();
        assertEquals(0, sessions.size(), sessions::toString);
    }

    @Test
    void scopeAndAudienceCanOnlyNarrow() {
        String pat = narrowedWritePat("narrow").path("token").asText();
        // an audience the token has anyway: the token is restricted to it
        JsonNode jwt = Pats.jwtClaims(exchangePat(pat, "audience", RS).expect(200).json().path("access_token").asText());
        assertEquals(Set.of(RS), Pats.texts(jwt.has("aud") && jwt.get("aud").isArray() ? jwt.get("aud")
                : Http.JSON.createArrayNode().add(jwt.path("aud").asText())), jwt::toString);
        // an audience it would not have otherwise: refused, never added
        assertError(exchangePat(pat, "audience", OFF), 400, "invalid_target");
        assertError(exchangePat(pat, "audience", "no-such-client"), 400, "invalid_target");
        // a scope the client does not have: refused
        assertError(exchangePat(pat, "scope", "no-such-scope"), 400, "invalid_scope");
        // a token type other than an access token: refused with a clear reason
        Http.Response refresh = exchangePat(pat, "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token");
        assertError(refresh, 400, "invalid_request");
        assertTrue(refresh.json().path("error_description").asText().contains("access token only"), refresh::toString);
    }

    @Test
    void aJwtObtainedFromAPatCannotBeExchangedAgain() {
        String pat = narrowedWritePat("again").path("token").asText();
        String derived = exchangePat(pat).expect(200).json().path("access_token").asText();
        for (String type : new String[] {ACCESS_TOKEN_TYPE, "urn:ietf:params:oauth:token-type:jwt"}) {
            Http.Response r = exchange(APP, APP_SECRET, derived, type);
            assertError(r, 400, "invalid_request");
            assertEquals("A token obtained from a personal access token cannot be exchanged again",
                    r.json().path("error_description").asText(), r::toString);
        }
        // nor by a client that is in its audience
        realm.withStandardTokenExchange(RS, true);
        try {
            assertError(exchange(RS, RS_SECRET, derived, ACCESS_TOKEN_TYPE), 400, "invalid_request");
        } finally {
            realm.withStandardTokenExchange(RS, false);
        }
    }

    @Test
    void anOrdinaryUserJwtStillReachesKeycloaksOwnExchange() {
        // a user's own token of the app: Keycloak's standard exchange issues a token bound to the user's session
        String userJwt = realm.userToken(APP, "alice", "alice-pw");
        JsonNode body = exchange(APP, APP_SECRET, userJwt, ACCESS_TOKEN_TYPE).expect(200).json();
        assertEquals(ACCESS_TOKEN_TYPE, body.path("issued_token_type").asText(), body::toString);
        JsonNode jwt = Pats.jwtClaims(body.path("access_token").asText());
        assertFalse(jwt.has("pat_id"), jwt::toString);
        assertTrue(jwt.has("sid"), "Keycloak's exchange keeps the user session: " + jwt);
        assertTrue(Pats.texts(jwt.path("realm_access").path("roles")).containsAll(Set.of("reader", "writer")), jwt::toString);

        // a token of another client: Keycloak's own refusal, in Keycloak's words
        String adminCliJwt = pats.userToken("alice", "alice-pw");
        Http.Response foreign = exchange(APP, APP_SECRET, adminCliJwt, ACCESS_TOKEN_TYPE);
        assertError(foreign, 403, "access_denied");
        assertEquals("Client is not within the token audience", foreign.json().path("error_description").asText(), foreign::toString);
        // and on the client without the switch: Keycloak's reason, not this extension's
        Http.Response off = exchange(OFF, OFF_SECRET, userJwt, ACCESS_TOKEN_TYPE);
        assertError(off, 400, "invalid_request");
        assertEquals("Standard token exchange is not enabled for the requested client", off.json().path("error_description").asText(), off::toString);
    }

    @Test
    void thePerTokenRateLimitAppliesWithRetryAfter() {
        String pat = narrowedWritePat("limited").path("token").asText();
        pats.setPolicy(Http.JSON.createObjectNode().put("rateLimitPerMinute", 2).put("rateLimitBurst", 0));
        try {
            exchangePat(pat).expect(200);
            exchangePat(pat).expect(200);
            Http.Response limited = exchangePat(pat);
            assertEquals(429, limited.status(), limited::toString);
            assertEquals("invalid_grant", limited.json().path("error").asText(), limited::toString);
            long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + limited)));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertFalse(limited.json().has("access_token"), limited::toString);
        } finally {
            pats.setPolicy(Http.JSON.createObjectNode().put("rateLimitPerMinute", 0).put("rateLimitBurst", 0));
        }
    }
}
