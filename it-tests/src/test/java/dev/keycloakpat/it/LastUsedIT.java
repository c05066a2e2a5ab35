package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Events"): a successful use updates lastUsedAt at most once a minute per token, written
 * in batches (every 30 s), never a database write per request. The writes are counted by the extension's
 * {@code keycloak_pat_last_used_writes_total} counter on Keycloak's metrics endpoint. Under load from several
 * addresses, {@code lastUsedIps} keeps at most 5 distinct addresses, newest first. The test server trusts no proxy
 * header, so the addresses are real ones: each request leaves from its own loopback address (127.0.0.x).
 */
class LastUsedIT extends RealmIT {

    private static final String RS = "resource-server";
    private static final String RS_SECRET = "rs-secret";
    /** The flush runs every 10 s on the test server (30 s by default); allow for a slow machine. */
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
        assertTrue(Await.eventually(FLUSH_DEADLINE, () -> writes() >= before + 1), "no last-used flush within " + FLUSH_DEADLINE);
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

        assertTrue(Await.eventually(FLUSH_DEADLINE, () -> writes() >= start + 1), "20 uses never written");
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

    @Test
    void underLoadFromManyAddressesAtMostFiveNewestFirstAndOneWriteAMinute() throws Exception {
        double start = probeFlush("probe-load-1");
        JsonNode created = pats.create(userToken, Pats.request("crowd", teamId));
        String id = created.path("id").asText();
        String pat = created.path("token").asText();
        long firstUse = System.currentTimeMillis() / 1000;
        List<String> addresses = new ArrayList<>();
        for (int i = 11; i <= 18; i++) {
            addresses.add("127.0.0." + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String from = addresses.get(i % addresses.size());
                answers.add(pool.submit(() -> checkFrom(from, pat)));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get(), "every use under load is accepted");
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> ips = lastUsedIps(id);
        assertTrue(ips.size() <= 5 && !ips.isEmpty(), () -> "at most 5 addresses: " + ips);
        assertEquals(ips.size(), new HashSet<>(ips).size(), () -> "distinct: " + ips);
        assertTrue(addresses.containsAll(ips), () -> "only addresses the token was used from: " + ips);

        // newest first: a new address goes to the front, a known one moves there, and the list stays at 5
        assertEquals(200, checkFrom("127.0.0.19", pat));
        assertEquals("127.0.0.19", lastUsedIps(id).get(0), () -> lastUsedIps(id).toString());
        String known = ips.get(ips.size() - 1);
        assertEquals(200, checkFrom(known, pat));
        List<String> after = lastUsedIps(id);
        assertEquals(List.of(known, "127.0.0.19"), after.subList(0, 2), after::toString);
        assertTrue(after.size() <= 5 && new HashSet<>(after).size() == after.size(), after::toString);

        assertTrue(System.currentTimeMillis() / 1000 - firstUse < 59,
                "the uses took over a minute, so they cannot show the once-a-minute rule");
        double end = probeFlush("probe-load-2");
        assertEquals(start + 2, end, "402 uses of one token within a minute: one write for it, one for the probe");
        JsonNode view = pats.view(userToken, id);
        assertTrue(Math.abs(view.path("lastUsedAt").asLong() - firstUse) <= 2, view::toString);
    }

    private List<String> lastUsedIps(String id) {
        List<String> ips = new ArrayList<>();
        pats.view(userToken, id).path("lastUsedIps").forEach(ip -> ips.add(ip.asText()));
        return ips;
    }

    /** The gateway check with the token, sent from {@code localAddress}; returns the status. */
    private int checkFrom(String localAddress, String pat) {
        URI url = URI.create(server.baseUrl() + realm.path("/personal-access-tokens/check"));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 10_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                    + "\r\nAuthorization: Bearer " + pat + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
