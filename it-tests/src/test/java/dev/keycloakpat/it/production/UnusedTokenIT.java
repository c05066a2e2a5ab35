package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.admin.SmtpSink;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.ServerOptions;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unused-token job (policy {@code unusedRevokeDays}) on a Keycloak of its own whose clock the test moves: the
 * test clock provider ({@code dev.keycloakpat.it.clock}, deployed only into this node) sets the offset of Keycloak's
 * {@code Time}, which the maintenance job (every 2 s here) and validation read. A used token and an unused one: a week
 * before the limit exactly one reminder mail and nothing revoked; past the limit the unused one is revoked (refused,
 * with an event) and the used one lives. The offset is reset in {@code finally}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnusedTokenIT {

    private static final long DAY = 86_400L;
    private static final Duration JOB = Duration.ofSeconds(30);
    private static final String PASSWORD = "Secret-pw-1";

    private KeycloakServer node;
    private TestRealm realm;
    private Pats pats;
    private SmtpSink smtp;

    @BeforeAll
    void startNodeWithTestClock() {
        node = KeycloakServer.start(ServerOptions.named("clock").withTestClock());
        realm = TestRealm.create(node, "it-unused");
        pats = new Pats(realm);
        smtp = new SmtpSink();
        ObjectNode changes = smtp.realmSettings();
        changes.putObject("attributes").put("frontendUrl", node.baseUrl());
        realm.update(changes);
        pats.enableEvents("REMOVE_CREDENTIAL");
        pats.setPolicy(Http.JSON.createObjectNode().put("teamSource", "none").put("unusedRevokeDays", 30)
                .put("notifyDaysBeforeExpiry", 7));
        realm.createUser("una", PASSWORD, "una@example.test", true);
    }

    @AfterAll
    void stop() {
        if (smtp != null) {
            smtp.close();
        }
        if (realm != null) {
            realm.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** Moves the server's clock to {@code days} after the real time; returns the server's time then. */
    private long clockAt(double days) {
        String path = realm.path("/kcpat-test-clock/offset/" + Math.round(days * DAY));
        return Long.parseLong(realm.http().putJson(path, "").expect(200).body().trim());
    }

    private boolean works(String pat) {
        int status = realm.http().get(realm.path("/personal-access-tokens/check"), "Authorization", "Bearer " + pat).status();
        assertTrue(status == 200 || status == 401, "check answered " + status);
        return status == 200;
    }

    private List<String> listedNames() {
        List<String> names = new ArrayList<>();
        pats.list(pats.userToken("una", PASSWORD)).forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    @Test
    void anUnusedTokenIsRemindedOnceAWeekBeforeThenRevokedWhileAUsedOneLives() throws Exception {
        String session = pats.userToken("una", PASSWORD);
        JsonNode unused = pats.create(session, Pats.request("forgotten", null).put("expirationDays", 90));
        JsonNode used = pats.create(session, Pats.request("daily", null).put("expirationDays", 90));
        String usedPat = used.path("token").asText();
        try {
            long now = clockAt(20);
            assertTrue(now > System.currentTimeMillis() / 1000 + 19 * DAY, "the clock moved: " + now);
            assertTrue(works(usedPat), "used on day 20: its 30 days start again");

            // day 24: "forgotten" (never used, created on day 0) is 6 days from its revocation, "daily" 26
            clockAt(24);
            assertTrue(Await.eventually(JOB, () -> !smtp.messagesTo("una@example.test").isEmpty()), "a reminder mail");
            Thread.sleep(5_000); // two more job runs: no second mail
            List<SmtpSink.Message> mails = smtp.messages();
            assertEquals(1, mails.size(), () -> "exactly one reminder: " + mails.stream().map(m -> m.header("Subject")).toList());
            SmtpSink.Message mail = mails.get(0);
            assertTrue(mail.header("Subject").startsWith("Your personal access token \"forgotten\" will be revoked on "),
                    mail::headers);
            String text = mail.decoded();
            assertTrue(text.contains(unused.path("prefix").asText()), () -> "the token's prefix: " + text);
            assertTrue(text.contains("unused for 30 days"), text);
            assertTrue(text.contains(node.baseUrl() + "/realms/it-unused/account/personal-access-tokens"), text);
            assertFalse(text.contains(unused.path("token").asText()), "never the token itself");
            assertEquals(List.of("forgotten", "daily"), listedNames().stream().sorted((a, b) -> b.compareTo(a)).toList(),
                    "nothing revoked a week before the limit");

            // day 31: "forgotten" is past its 30 days, "daily" (used on day 20) is not
            clockAt(31);
            assertTrue(Await.eventually(JOB, () -> !listedNames().contains("forgotten")), "the unused token is revoked");
            assertFalse(works(unused.path("token").asText()), "refused once revoked");
            assertTrue(works(usedPat), "the used token lives");
            assertEquals(List.of("daily"), listedNames());
            assertEquals(1, smtp.messages().size(), "no other mail");
        } finally {
            clockAt(0);
        }
        List<JsonNode> events = pats.eventsOf(unused.path("id").asText(), "REMOVE_CREDENTIAL");
        assertEquals(1, events.size(), events::toString);
        assertEquals("unused", events.get(0).path("details").path("revoked_by").asText(), events::toString);
        assertTrue(pats.eventsOf(used.path("id").asText(), "REMOVE_CREDENTIAL").isEmpty());
        pats.assertNoSecretInLogOrEvents();
    }
}
