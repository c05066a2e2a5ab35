package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import net.minidev.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.keycloakpat.it.harness.Pats.RS;
import static dev.keycloakpat.it.harness.Pats.RS_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/app-developers.md: a resource server validates PATs with an unchanged RFC 7662 client library,
 * the Nimbus OAuth 2.0 SDK ({@code com.nimbusds:oauth2-oidc-sdk}), configured exactly as documented.
 */
class AppDeveloperClientIT extends SecretCheckedRealmIT {

    private String aliceId;
    private String aliceToken;
    private String teamId;

    @BeforeAll
    void setUp(TestRealm realm) {
        realm.withRealmRoles("reader").withUser("alice", "reader").withTeam("platform", "alice")
                .withConfidentialClient(RS, RS_SECRET);
        teamId = realm.teamId("platform");
        aliceId = realm.userId("alice");
        aliceToken = realm.userToken("alice");
    }

    /** The snippet of docs/app-developers.md: what a resource server runs for each incoming token. */
    private TokenIntrospectionSuccessResponse introspect(String presentedToken) throws IOException, ParseException {
        URI endpoint = URI.create(realm.http().baseUrl() + realm.introspectionEndpoint());
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(endpoint,
                new ClientSecretBasic(new ClientID(RS), new Secret(RS_SECRET)),
                new BearerAccessToken(presentedToken));
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(request.toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new IllegalStateException("introspection refused: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse();
    }

    @Test
    void nimbusIntrospectionSeesAnActivePatWithTheUsersLiveIdentity() throws Exception {
        JsonNode created = pats.create(aliceToken, Pats.withRoles(Pats.request("ci", teamId).put("expirationDays", 30), "reader"));

        TokenIntrospectionSuccessResponse answer = introspect(created.path("token").asText());

        assertTrue(answer.isActive());
        assertEquals(aliceId, answer.getSubject().getValue());
        assertEquals("alice", answer.getUsername());
        assertEquals("read", answer.getScope().toString());
        assertEquals("PAT", answer.getStringParameter("token_type"));
        assertEquals(created.path("expiresAt").asLong(), answer.getExpirationTime().getTime() / 1000);
        assertEquals(created.path("id").asText(), answer.getStringParameter("pat_id"));
        JSONObject team = answer.getJSONObjectParameter("team");
        assertEquals(Map.of("id", teamId, "name", "platform"), Map.copyOf(team));
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) answer.getJSONObjectParameter("realm_access").get("roles");
        assertEquals(Set.of("reader"), Set.copyOf(roles));
    }

    @Test
    void nimbusIntrospectionSeesARevokedPatAsInactiveAndNothingMore() throws Exception {
        JsonNode created = pats.create(aliceToken, Pats.request("revoked", teamId));
        assertTrue(introspect(created.path("token").asText()).isActive());
        pats.revokeAsOwner(aliceToken, created.path("id").asText());

        TokenIntrospectionSuccessResponse answer = introspect(created.path("token").asText());
        assertFalse(answer.isActive());
        assertNull(answer.getSubject());
        assertEquals(Set.of("active"), answer.toJSONObject().keySet());
    }

    @Test
    void nimbusIntrospectionOfAGarbageTokenIsInactive() throws Exception {
        assertFalse(introspect("kcpat_not-a-real-token").isActive());
        assertFalse(introspect("not-even-a-jwt").isActive());
    }

    @Test
    void nimbusIntrospectionWithAWrongClientSecretIsRefused() throws Exception {
        URI endpoint = URI.create(realm.http().baseUrl() + realm.introspectionEndpoint());
        String pat = pats.create(aliceToken, Pats.request("wrong-client", teamId)).path("token").asText();
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(endpoint,
                new ClientSecretBasic(new ClientID(RS), new Secret("not-the-secret")), new BearerAccessToken(pat));
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(request.toHTTPRequest().send());
        assertFalse(response.indicatesSuccess());
        assertEquals(401, response.toErrorResponse().getErrorObject().getHTTPStatusCode());
    }
}
