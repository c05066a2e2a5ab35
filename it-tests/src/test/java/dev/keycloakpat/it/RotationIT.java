package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.admin.SmtpSink;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rotation (docs/api.md, "Rotation and self") against the real Keycloak: rotate with and without grace, self-rotate,
 * reuse detection killing the chain, and refused input that changes nothing. "Works" is what a user sees: the gateway
 * check's 200.
 */
class RotationIT extends RealmIT {

    private String teamId;
    private String alice;
    private String bob;
    private SmtpSink smtp;

    @AfterAll
    void noSecretLeaked() {
        pats.assertNoSecretInLogOrEvents();
        smtp.close();
    }

    @BeforeAll
    void setUp(TestRealm realm) {
        smtp = new SmtpSink();
        realm.withMail(smtp.port()).withRealmRoles("reader", "writer");
        for (String name : List.of("alice", "bob")) {
            String id = realm.createUser(name, TestRealm.passwordOf(name), name + "@example.test", true);
            realm.grantRealmRole(id, "reader");
            realm.grantRealmRole(id, "writer");
        }
        realm.withTeam("platform", "alice", "bob");
        teamId = realm.teamId("platform");
        pats.enableEvents("REMOVE_CREDENTIAL", "UPDATE_CREDENTIAL", "LOGIN_ERROR");
        alice = realm.userToken("alice");
        bob = realm.userToken("bob");
    }

    private String base() {
        return realm.path("/personal-access-tokens");
    }

    private JsonNode create(String userToken, String name) {
        ObjectNode request = Pats.withRoles(Pats.request(name, teamId).put("expirationDays", 30).put("write", true), "reader");
        return pats.create(userToken, request);
    }

    private Http.Response rotate(String userToken, String id, String body) {
        return realm.http().postJson(base() + "/" + id + "/rotate", body, "Authorization", "Bearer " + userToken);
    }

    private JsonNode rotated(Http.Response response) {
        response.expect(201);
        assertEquals("no-store", response.header("Cache-Control").orElse(""), "the new token is shown once, not cached");
        return response.json();
    }

    private Http.Response selfRotate(String pat) {
        return realm.http().postJson(base() + "/self/rotate", "", "Authorization", "Bearer " + pat);
    }

    private boolean works(String pat) {
        int status = realm.http().get(base() + "/check", "Authorization", "Bearer " + pat).status();
        assertTrue(status == 200 || status == 401, "check answered " + status);
        return status == 200;
    }

    private List<String> ids(String userToken) {
        List<String> ids = new ArrayList<>();
        pats.list(userToken).forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    @Test
    void rotateWithoutGraceKillsTheOldTokenAtOnceAndTheNewOneWorks() {
        JsonNode old = create(alice, "ci-nograce");
        String oldPat = old.path("token").asText();
        assertTrue(works(oldPat));

        JsonNode fresh = rotated(rotate(alice, old.path("id").asText(), ""));
        String newPat = fresh.path("token").asText();
        assertTrue(newPat.startsWith("kcpat_"), fresh::toString);
        assertNotEquals(oldPat, newPat);
        assertNotEquals(old.path("id").asText(), fresh.path("id").asText());
        assertEquals(old.path("id").asText(), fresh.path("rotatedFrom").asText(), fresh::toString);
        assertEquals("ci-nograce", fresh.path("name").asText());
        assertEquals(teamId, fresh.path("team").path("id").asText());
        assertTrue(fresh.path("write").asBoolean());
        assertEquals(Set.of("reader"), Pats.texts(fresh.path("roles")));
        long lifetime = fresh.path("expiresAt").asLong() - fresh.path("createdAt").asLong();
        assertEquals(30 * 86400L, lifetime, 5, "expiry the same length from now");

        assertTrue(works(newPat));
        List<String> ids = ids(alice);
        assertTrue(ids.contains(fresh.path("id").asText()));
        assertFalse(ids.contains(old.path("id").asText()), "the rotated-away token is no longer listed");
        realm.http().get(base() + "/" + old.path("id").asText(), "Authorization", "Bearer " + alice).expect(404);
        // the view of the new token (not the creation answer) carries no plaintext
        assertTrue(pats.view(alice, fresh.path("id").asText()).path("token").isMissingNode());
        // the old token is dead as soon as the rotation answered (and presenting it is reuse, see below)
        assertFalse(works(oldPat));
    }

    @Test
    void rotateWithGraceKeepsTheOldTokenAliveUntilTheGraceEnds() {
        JsonNode old = create(alice, "ci-grace");
        String oldPat = old.path("token").asText();
        JsonNode fresh = rotated(rotate(alice, old.path("id").asText(), "{\"graceSeconds\": 3}"));
        String newPat = fresh.path("token").asText();
        long rotatedAt = System.nanoTime();
        assertTrue(works(oldPat), "alive during the grace");
        assertTrue(works(newPat));
        assertTrue(works(oldPat), "still alive during the grace");
        assertTrue(Await.eventually(Duration.ofSeconds(20), () -> !works(oldPat)), "dead after the grace");
        assertTrue(System.nanoTime() - rotatedAt >= 2_000_000_000L, "not dead long before the grace ended");
        assertFalse(works(oldPat), "and stays dead");
        // used after its grace, the old token counts as leaked: its successor is revoked too
        assertFalse(works(newPat));
        List<JsonNode> events = pats.eventsOf(fresh.path("id").asText(), "REMOVE_CREDENTIAL");
        assertEquals("rotated_token_reused", events.get(0).path("details").path("reason").asText(), events::toString);
        // a second rotation of the rotated-away token is refused
        Http.Response again = rotate(alice, old.path("id").asText(), "");
        assertEquals(404, again.status(), again::toString);
    }

    @Test
    void aTokenRotatesItself() {
        JsonNode old = create(alice, "ci-self");
        String oldPat = old.path("token").asText();
        JsonNode fresh = rotated(selfRotate(oldPat));
        String newPat = fresh.path("token").asText();
        assertEquals(old.path("id").asText(), fresh.path("rotatedFrom").asText());
        assertEquals("ci-self", fresh.path("name").asText());
        assertTrue(works(newPat));
        assertEquals(401, realm.http().get(base() + "/self", "Authorization", "Bearer " + oldPat).status(),
                "self-rotation has no grace");
        // the dead token cannot rotate again
        assertEquals(401, selfRotate(oldPat).status());
    }

    @Test
    void reusingARotatedAwayTokenRevokesTheWholeChain() {
        JsonNode a = create(alice, "ci-chain");
        String patA = a.path("token").asText();
        JsonNode b = rotated(rotate(alice, a.path("id").asText(), ""));
        String patB = b.path("token").asText();
        JsonNode c = rotated(selfRotate(patB));
        String patC = c.path("token").asText();
        assertTrue(works(patC));
        JsonNode unrelated = create(alice, "ci-unrelated");

        // the leaked first token shows up again
        assertFalse(works(patA));

        assertFalse(works(patC), "the newest token of the chain is revoked");
        assertFalse(works(patB));
        List<String> ids = ids(alice);
        assertFalse(ids.contains(c.path("id").asText()), "revoked: gone from the list");
        assertTrue(ids.contains(unrelated.path("id").asText()), "tokens outside the chain are untouched");
        assertTrue(works(unrelated.path("token").asText()));
        List<JsonNode> events = pats.eventsOf(c.path("id").asText(), "REMOVE_CREDENTIAL");
        assertEquals(1, events.size(), events::toString);
        assertEquals("rotated_token_reused", events.get(0).path("details").path("reason").asText(), events::toString);

        // the owner is told, naming the token by name and prefix, never a secret
        assertTrue(Await.eventually(Duration.ofSeconds(30), () -> !chainMails().isEmpty()), "a mail to alice");
        SmtpSink.Message mail = chainMails().get(0);
        assertEquals("Your personal access token \"ci-chain\" was used after it was rotated: its replacement has been revoked",
                mail.header("Subject"), mail::headers);
        String text = mail.decoded();
        assertTrue(text.contains(a.path("prefix").asText()), () -> "the reused token's prefix: " + text);
        assertTrue(text.contains("2 in all"), () -> "both successors revoked: " + text);
        assertTrue(text.contains("/realms/" + realm.name() + "/account/personal-access-tokens"), text);
        for (String pat : List.of(patA, patB, patC)) {
            assertFalse(text.contains(pat) || text.contains(pat.substring(pat.lastIndexOf('_') + 1)), "never a token");
        }
        assertEquals(1, chainMails().size(), "one mail for one reuse");
    }

    private List<SmtpSink.Message> chainMails() {
        return smtp.messagesTo("alice@example.test").stream().filter(m -> m.header("Subject").contains("ci-chain")).toList();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        JsonNode token = create(alice, "ci-bad");
        String id = token.path("id").asText();
        String pat = token.path("token").asText();
        pats.setPolicy(Http.JSON.createObjectNode().put("rotationGraceMaxSeconds", 10));
        try {
            List<String> before = ids(alice);
            for (String body : List.of("{\"graceSeconds\": 11}", "{\"graceSeconds\": -1}", "{\"graceSeconds\": \"5\"}",
                    "{\"graceSeconds\": 1.5}", "{\"grace\": 5}", "[1]", "{not json")) {
                Http.Response r = rotate(alice, id, body);
                assertEquals(400, r.status(), () -> body + " → " + r);
                assertFalse(r.json().path("errorDescription").asText().isBlank(), r::toString);
                assertTrue(r.json().path("token").isMissingNode());
            }
            assertEquals("invalid_grace", rotate(alice, id, "{\"graceSeconds\": 11}").json().path("error").asText());
            assertEquals(before, ids(alice), "a refused rotation changes nothing");
            assertTrue(works(pat));

            // another user's token is not found, and stays as it was
            Http.Response foreign = rotate(bob, id, "");
            assertEquals(404, foreign.status(), foreign::toString);
            assertEquals(before, ids(alice));
            assertTrue(works(pat));

            // a PAT is not a session: it may rotate only itself, through /self/rotate
            Http.Response byPat = rotate(pat, id, "");
            assertEquals(403, byPat.status(), byPat::toString);
            assertEquals("pat_not_allowed", byPat.json().path("error").asText());
            assertEquals(before, ids(alice));
            assertTrue(works(pat));

            // unknown id
            assertEquals(404, rotate(alice, "no-such-id", "").status());
            // at the maximum it is accepted
            rotated(rotate(alice, id, "{\"graceSeconds\": 10}"));
        } finally {
            pats.setPolicy(Http.JSON.createObjectNode().put("rotationGraceMaxSeconds", 86400));
        }
    }
}
