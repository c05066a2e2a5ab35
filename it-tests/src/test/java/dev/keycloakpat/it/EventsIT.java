package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.SecretCheckedRealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.keycloakpat.it.harness.Pats.RS;
import static dev.keycloakpat.it.harness.Pats.RS_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Events"): creation, revocation and failed use are in Keycloak's event store with the
 * token's id and prefix, never its secret. Event types: see README "Decisions" (UPDATE_CREDENTIAL, REMOVE_CREDENTIAL,
 * the entry point's error event), each marked credential_type=personal-access-token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsIT extends SecretCheckedRealmIT {

    private static final String CLI = "pat-cli";
    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(10);

    private String aliceId;
    private String aliceToken;
    private String teamId;

    @BeforeAll
    void setUp(TestRealm realm) {
        pats.enableEvents("UPDATE_CREDENTIAL", "REMOVE_CREDENTIAL", "INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR",
                "LOGIN", "LOGIN_ERROR");
        realm.withUser("alice").withTeam("platform", "alice")
                .withConfidentialClient(RS, RS_SECRET).withPublicClient(CLI).withPatFlow(CLI);
        teamId = realm.teamId("platform");
        aliceId = realm.userId("alice");
        aliceToken = realm.userToken("alice");
    }

    private JsonNode create(String name) {
        return pats.create(aliceToken, Pats.request(name, teamId));
    }

    /** The one event of {@code type} about this token, waiting briefly for it to be stored. */
    private JsonNode onlyEvent(String tokenId, String type) {
        List<JsonNode>[] found = new List[1];
        assertTrue(Await.eventually(EVENT_DEADLINE, () -> !(found[0] = pats.eventsOf(tokenId, type)).isEmpty()),
                () -> "no %s event with pat_id %s in %s".formatted(type, tokenId, pats.events()));
        assertEquals(1, found[0].size(), found[0]::toString);
        return found[0].get(0);
    }

    private static void assertAbout(JsonNode event, JsonNode created) {
        JsonNode details = event.path("details");
        assertEquals(created.path("id").asText(), details.path("pat_id").asText(), event::toString);
        assertEquals(created.path("prefix").asText(), details.path("pat_prefix").asText(), event::toString);
        assertEquals("personal-access-token", details.path("credential_type").asText(), event::toString);
        String token = created.path("token").asText();
        assertFalse(event.toString().contains(token), "the token is in the event");
        assertFalse(event.toString().contains(Pats.secretPart(token)), "the secret is in the event");
    }

    @Test
    void creationIsRecordedWithIdAndPrefix() {
        JsonNode created = create("created");
        JsonNode event = onlyEvent(created.path("id").asText(), "UPDATE_CREDENTIAL");
        assertAbout(event, created);
        assertEquals(aliceId, event.path("userId").asText(), event::toString);
        assertEquals("created", event.path("details").path("pat_name").asText(), event::toString);
    }

    @Test
    void revocationByTheOwnerIsRecorded() {
        JsonNode created = create("owner-revoked");
        pats.revokeAsOwner(aliceToken, created.path("id").asText());
        JsonNode event = onlyEvent(created.path("id").asText(), "REMOVE_CREDENTIAL");
        assertAbout(event, created);
        assertEquals("owner", event.path("details").path("revoked_by").asText(), event::toString);
        assertEquals(aliceId, event.path("userId").asText(), event::toString);
    }

    @Test
    void leakedTokenRevocationIsRecorded() {
        JsonNode created = create("leaked");
        pats.revokeLeaked(created.path("token").asText());
        JsonNode event = onlyEvent(created.path("id").asText(), "REMOVE_CREDENTIAL");
        assertAbout(event, created);
        assertEquals("leaked_token_revocation", event.path("details").path("revoked_by").asText(), event::toString);
        assertEquals("{\"active\":false}", pats.introspect(RS, RS_SECRET, created.path("token").asText(), null).body());
    }

    @Test
    void failedIntrospectionIsRecordedWithTheReason() {
        JsonNode created = create("failed-introspection");
        String wrong = Pats.withWrongSecret(created.path("token").asText(), 3);
        assertEquals("{\"active\":false}", pats.introspect(RS, RS_SECRET, wrong, null).body());
        JsonNode event = onlyEvent(created.path("id").asText(), "INTROSPECT_TOKEN_ERROR");
        assertAbout(event, created);
        assertEquals("bad_secret", event.path("details").path("reason").asText(), event::toString);
        assertFalse(event.toString().contains(Pats.secretPart(wrong)), "the presented secret is in the event");
        assertEquals(aliceId, event.path("userId").asText(), event::toString);
    }

    @Test
    void failedExchangeIsRecordedWithTheReason() {
        JsonNode created = create("failed-exchange");
        realm.setUserEnabled(aliceId, false);
        try {
            assertEquals(401, pats.exchange(CLI, "alice", created.path("token").asText()).status());
        } finally {
            realm.setUserEnabled(aliceId, true);
        }
        JsonNode event = onlyEvent(created.path("id").asText(), "LOGIN_ERROR");
        assertAbout(event, created);
        assertEquals("user_disabled", event.path("details").path("reason").asText(), event::toString);
    }

    @Test
    void successfulUseIsRecordedWithoutTheSecret() {
        JsonNode created = create("used");
        assertTrue(pats.introspectJson(RS, RS_SECRET, created.path("token").asText()).path("active").asBoolean());
        JsonNode event = onlyEvent(created.path("id").asText(), "INTROSPECT_TOKEN");
        assertEquals(created.path("id").asText(), event.path("details").path("pat_id").asText(), event::toString);
        assertFalse(event.toString().contains(Pats.secretPart(created.path("token").asText())));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void presentedSecretsAppearNowhereInTheServerLogOrEvents() {
        JsonNode created = create("everywhere");
        String pat = created.path("token").asText();
        String wrong = Pats.withWrongSecret(pat, 7);
        assertTrue(pats.introspectJson(RS, RS_SECRET, pat).path("active").asBoolean());
        pats.introspect(RS, RS_SECRET, wrong, null).expect(200);
        pats.introspect(RS, RS_SECRET, pat, "refresh_token").expect(200);
        pats.exchange(CLI, "alice", pat).expect(200);
        pats.exchange(CLI, "someone-else", pat).expect(401);
        pats.exchange(CLI, "alice", wrong).expect(401);
        realm.http().get(realm.path("/personal-access-tokens"), "Authorization", "Bearer " + pat).expect(403);
        realm.http().postJson(realm.path("/personal-access-tokens/revoke"), "{\"token\":\"" + pat + "x\"}").expect(400);
        pats.revokeLeaked(wrong);
        pats.revokeLeaked(pat);
        pats.exchange(CLI, "alice", pat).expect(401);
        pats.introspect(RS, RS_SECRET, pat, null).expect(200);
        assertFalse(pats.eventsOf(created.path("id").asText()).isEmpty(), "the uses above left no event to search");

        pats.assertNoSecretInLogOrEvents(List.of(wrong));
    }

    @Test
    void lastUsedAtShowsUpAfterASuccessfulUse() {
        JsonNode created = create("last-used");
        String id = created.path("id").asText();
        assertTrue(pats.view(aliceToken, id).path("lastUsedAt").isNull(), "never used yet");
        long before = System.currentTimeMillis() / 1000;
        assertTrue(pats.introspectJson(RS, RS_SECRET, created.path("token").asText()).path("active").asBoolean());
        long after = System.currentTimeMillis() / 1000 + 1;
        long lastUsed = pats.view(aliceToken, id).path("lastUsedAt").asLong(0);
        assertTrue(lastUsed >= before - 1 && lastUsed <= after, () -> "lastUsedAt %d not within [%d, %d]".formatted(lastUsed, before, after));
    }
}
