package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONTRACT §8: a successful use updates lastUsedAt at most once a minute per token, written in batches
 * (every 30 s), never a database write per request. The writes are counted by the extension's
 * {@code keycloak_pat_last_used_writes_total} counter on Keycloak's metrics endpoint.
 */
class LastUsedIT extends RealmIT {

    private static final String RS = "resource-server";
    private static final String RS_SECRET = "rs-secret";
    /** The flush runs every 30 s; allow for a slow machine. */
    private static final Duration FLUSH_DEADLINE = Duration.ofSeconds(75);
    private static final String COUNTER = "keycloak_pat_last_used_writes_total";

    private KeycloakServer server;
    private String userToken;
    private String teamId;

    @BeforeAll
    void setUp(TestRealm realm, KeycloakServer server) {
        this.server = server;
        teamId = realm.createGroup("platform");
        String alice = realm.createUser("alice", "alice-pw");
        realm.joinGroup(alice, teamId);
        realm.createConfidentialClient(RS, RS_SECRET);
        userToken = pats.userToken("alice", "alice-pw");
    }

    @AfterAll
    void noSecretLeaked() {
        pats.assertNoSecretInLogOrEvents();
    }

    private double writes() {
        String metrics = server.http().get(server.managementUrl() + "/metrics").expect(200).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(COUNTER + " ") || line.startsWith(COUNTER + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(COUNTER + " is not on " + server.managementUrl() + "/metrics");
    }

    /** Uses a new token once and waits until its last-used time has been written; returns the counter after. */
    private double probeFlush(String name) {
        double before = writes();
        String probe = pats.create(userToken, Pats.request(name, teamId)).path("token").asText();
        assertTrue(pats.introspectJson(RS, RS_SECRET, probe).path("active").asBoolean());
        assertTrue(Pats.eventually(FLUSH_DEADLINE, () -> writes() >= before + 1), "no last-used flush within " + FLUSH_DEADLINE);
        return writes();
    }

    @Test
    void lastUsedAtIsWrittenOnceAMinutePerTokenInBatches() {
        // anything still pending from earlier test classes is written by the flush that writes this probe
        double start = probeFlush("probe-1");

        JsonNode created = pats.create(userToken, Pats.request("busy", teamId));
        String id = created.path("id").asText();
        String pat = created.path("token").asText();
        long firstUse = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 20; i++) {
            assertTrue(pats.introspectJson(RS, RS_SECRET, pat).path("active").asBoolean());
        }
        long shown = pats.view(userToken, id).path("lastUsedAt").asLong(0);
        assertTrue(Math.abs(shown - firstUse) <= 2, () -> "lastUsedAt " + shown + " right after use at " + firstUse);
        assertTrue(writes() <= start + 1, "twenty uses wrote more than one row before the flush");

        assertTrue(Pats.eventually(FLUSH_DEADLINE, () -> writes() >= start + 1), "20 uses never written");
        assertEquals(start + 1, writes(), "20 uses of one token within a minute: exactly one write");

        // more uses within the same minute: nothing new is written, and the shown time stays that of the first use
        for (int i = 0; i < 20; i++) {
            assertTrue(pats.introspectJson(RS, RS_SECRET, pat).path("active").asBoolean());
        }
        assertTrue(System.currentTimeMillis() / 1000 - firstUse < 59,
                "the second round of uses came over a minute after the first, so it cannot show the once-a-minute rule");
        double afterNextFlush = probeFlush("probe-2");
        assertEquals(start + 2, afterNextFlush, "only the second probe was written, not the busy token again");
        assertEquals(shown, pats.view(userToken, id).path("lastUsedAt").asLong(0));
    }
}
