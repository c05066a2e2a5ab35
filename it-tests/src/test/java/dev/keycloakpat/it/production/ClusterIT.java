package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Database;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Keycloak nodes on this machine sharing one PostgreSQL database ({@value #DB}) and clustered through
 * Keycloak's own Infinispan/JGroups on loopback. What one node does, the other sees: validation, revocation
 * (within a second, measured), a disabled user, a policy change, and the per-user token limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String DB = "kcpat_it_cluster";
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(90);
    /** No teams, and bcrypt at its cheapest so the tests that keep both nodes busy measure the cluster, not hashing. */
    private static final String NO_TEAMS = "{\"teamSource\":\"none\", \"bcryptCost\": 4}";

    private KeycloakServer nodeA;
    private KeycloakServer nodeB;
    private TestRealm realmOnA;
    private Pats onA;
    private Pats onB;
    private TestAbortedException skipped;

    @BeforeAll
    void startTwoNodes() {
        try {
            nodeA = KeycloakServer.start(Cluster.node("cluster-a", Database.POSTGRES, DB));
        } catch (TestAbortedException e) {
            skipped = e;
            return;
        }
        nodeB = KeycloakServer.start(Cluster.node("cluster-b", Database.POSTGRES, DB).existingDatabase());
        String viewA = Cluster.awaitView(nodeA, 2, VIEW_TIMEOUT);
        String viewB = Cluster.awaitView(nodeB, 2, VIEW_TIMEOUT);
        System.out.printf("[ClusterIT] node A %s (started in %.1f s), node B %s (started in %.1f s)%n  A: %s%n  B: %s%n",
                nodeA.baseUrl(), nodeA.lastStartTime().toMillis() / 1000.0, nodeB.baseUrl(),
                nodeB.lastStartTime().toMillis() / 1000.0, viewA.trim(), viewB.trim());
        realmOnA = TestRealm.create(nodeA, "it-cluster-" + System.currentTimeMillis() % 100000);
        onA = realmOnA.withPolicy(NO_TEAMS).pats().ensureIntrospector();
        onB = realmOnA.on(nodeB).pats();
    }

    @BeforeEach
    void skipWherePostgresIsUnreachable() {
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage(), skipped);
        }
    }

    @AfterAll
    void stopNodes() {
        if (realmOnA != null) {
            realmOnA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    @Order(1)
    void aTokenCreatedThroughNodeAValidatesOnNodeB() {
        JsonNode created = onA.createToken(onA.newUserToken("ann"), "made on A");
        JsonNode onNodeB = onB.introspectJson(created.path("token").asText());
        assertTrue(onNodeB.path("active").asBoolean(), onNodeB::toString);
        assertEquals("ann", onNodeB.path("username").asText());
        assertEquals(created.path("id").asText(), onNodeB.path("pat_id").asText());
    }

    @Test
    @Order(2)
    void aTokenRevokedOnNodeAIsInactiveOnNodeBWithinOneSecond() {
        String access = onA.newUserToken("ben");
        List<Long> times = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            JsonNode created = onA.createToken(access, "revoke me " + round);
            String token = created.path("token").asText();
            // validated on B first, so B has it in its verified-token cache: only the cluster eviction can stop it
            assertTrue(onB.active(token));
            assertTrue(onB.active(token));
            onA.revoke(access, created.path("id").asText()).expect(204);
            long visibleAfter = Await.millisUntil(Duration.ofSeconds(10), () -> !onB.active(token));
            times.add(visibleAfter);
            System.out.printf("cluster revocation visible on B after %d ms%n", visibleAfter);
            assertTrue(visibleAfter >= 0, "a token revoked on A must become inactive on B (still active after 10 s)");
            assertTrue(visibleAfter < 1000, "revocation must be visible on B within 1 s, took " + visibleAfter + " ms");
        }
        System.out.printf("cluster revocation visible on B after %s ms (3 rounds)%n", times);
    }

    @Test
    @Order(3)
    void aUserDisabledOnNodeBIsRefusedOnNodeA() {
        String userId = onA.realm().withUser("cleo").userId("cleo");
        String token = onA.createToken(onA.login("cleo"), "cleo's").path("token").asText();
        assertTrue(onA.active(token));
        onB.realm().setUserEnabled(userId, false);
        long after = Await.millisUntil(Duration.ofSeconds(10), () -> !onA.active(token));
        System.out.printf("user disabled on B refused on A after %d ms%n", after);
        assertTrue(after >= 0 && after < 1000, "disabled on B must be refused on A within 1 s, took " + after + " ms");
        onB.realm().setUserEnabled(userId, true);
        long back = Await.millisUntil(Duration.ofSeconds(10), () -> onA.active(token));
        assertTrue(back >= 0 && back < 1000, "re-enabled on B must be valid again on A within 1 s, took " + back + " ms");
    }

    @Test
    @Order(4)
    void aPolicyChangeOnNodeAAppliesOnNodeB() {
        String access = onA.newUserToken("dan");
        ObjectNode body = Http.JSON.createObjectNode().put("name", "writer").put("write", true);
        String writeToken = onA.createResponse(access, body).expect(201).json().path("token").asText();
        String readToken = onA.createToken(access, "reader").path("token").asText();
        JsonNode before = onB.introspectJson(writeToken);
        assertEquals("read write", before.path("scope").asText(), before::toString);

        realmOnA.withPolicy("{\"teamSource\":\"none\", \"writeAllowed\": false}");
        long after = Await.millisUntil(Duration.ofSeconds(10), () -> !onB.active(writeToken));
        System.out.printf("policy writeAllowed=false set on A applied on B after %d ms%n", after);
        assertTrue(after >= 0 && after < 1000, "policy change on A must apply on B within 1 s, took " + after + " ms");
        assertTrue(onB.active(readToken), "read tokens are not affected by writeAllowed=false");
        realmOnA.withPolicy(NO_TEAMS);
    }

    @Test
    @Order(5)
    void maxTokensPerUserHoldsWhenBothNodesCreateAtOnce() throws Exception {
        int limit = 4;
        realmOnA.withPolicy("{\"teamSource\":\"none\", \"maxTokensPerUser\": " + limit + ", \"bcryptCost\": 4}");
        int users = 6;
        int attemptsPerUser = 12;
        ExecutorService pool = Executors.newFixedThreadPool(attemptsPerUser);
        try {
            for (int u = 0; u < users; u++) {
                String username = "racer" + u;
                onA.realm().withUser(username);
                String accessA = onA.login(username);
                String accessB = onB.login(username);
                Map<Integer, Integer> statuses = new TreeMap<>();
                Map<String, String> createdIds = new ConcurrentHashMap<>();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Http.Response>> calls = new ArrayList<>();
                for (int i = 0; i < attemptsPerUser; i++) {
                    boolean viaA = i % 2 == 0;
                    String name = "race " + i;
                    calls.add(pool.submit(() -> {
                        go.await();
                        Http.Response r = (viaA ? onA : onB).createResponse(viaA ? accessA : accessB,
                                Http.JSON.createObjectNode().put("name", name));
                        if (r.status() == 201) {
                            createdIds.put(r.json().path("id").asText(), name);
                        }
                        return r;
                    }));
                }
                go.countDown();
                for (Future<Http.Response> call : calls) {
                    Http.Response r = call.get(120, TimeUnit.SECONDS);
                    statuses.merge(r.status(), 1, Integer::sum);
                    assertTrue(r.status() == 201 || (r.status() == 400 && r.json().path("error").asText().equals("too_many_tokens")),
                            () -> "each creation succeeds or is refused as too_many_tokens, got " + r);
                }
                JsonNode listed = onA.listResponse(accessA).expect(200).json();
                System.out.printf("[ClusterIT] %s: %d concurrent creations on A and B with limit %d: statuses %s, %d listed%n",
                        username, attemptsPerUser, limit, statuses, listed.size());
                assertEquals(limit, listed.size(), "the limit holds across nodes: " + statuses);
                assertEquals(limit, createdIds.size(), "exactly as many succeeded as are stored");
                for (JsonNode t : listed) {
                    assertTrue(createdIds.containsKey(t.path("id").asText()), "every stored token was answered 201");
                }
            }
        } finally {
            pool.shutdownNow();
            realmOnA.withPolicy(NO_TEAMS);
        }
    }

    /**
     * Revocation is final (docs/api.md, "Security guarantees"), on the cluster: 2 clients on each node use the token
     * while it is revoked on A. No request that starts after the revoke answered is accepted on A; on B none later than
     * 1 s after it.
     */
    @Test
    @Order(6)
    void aRevokeUnderConcurrentUseOnBothNodesIsFinalEverywhere() throws Exception {
        String access = onA.newUserToken("eve");
        for (int round = 0; round < 5; round++) {
            JsonNode created = onA.createToken(access, "busy " + round);
            String token = created.path("token").asText();
            Traffic traffic = new Traffic(token);
            onA.revoke(access, created.path("id").asText()).expect(204);
            long revokedAt = System.nanoTime();
            Thread.sleep(1500);
            traffic.stop();
            long lateOnA = traffic.onA.stream().filter(start -> start > revokedAt).count();
            long lastOnB = traffic.onB.stream().mapToLong(start -> start - revokedAt).max().orElse(Long.MIN_VALUE);
            System.out.printf("[ClusterIT] round %d: accepted on A after the revoke: %d; last acceptance on B %d ms after it%n",
                    round, lateOnA, lastOnB / 1_000_000);
            assertEquals(0, lateOnA, "requests on A that started after the revoke answered were accepted");
            assertTrue(lastOnB < 1_000_000_000L, "B accepted the token " + lastOnB / 1_000_000 + " ms after the revoke");
            assertFalse(onB.active(token));
            assertFalse(onA.active(token));
        }
    }

    /**
     * Rotation without grace (docs/api.md, "Rotation and self"): the old token is refused on A as soon as the rotation
     * answered and on B within a second, like a revoke; the new one works on both. (Presenting the old token then is
     * reuse: the new one is revoked on both too.)
     */
    @Test
    @Order(7)
    void rotationWithoutGraceRefusesTheOldTokenOnBothNodesAtOnce() {
        String access = onA.newUserToken("rob");
        JsonNode old = onA.createToken(access, "rotate now");
        String oldPat = old.path("token").asText();
        // cached on both nodes: only the cluster messages can stop it on B
        assertTrue(onA.active(oldPat));
        assertTrue(onB.active(oldPat));
        String newPat = onA.rotate(access, old.path("id").asText(), 0).path("token").asText();
        assertTrue(onB.active(newPat));
        assertTrue(onA.active(newPat));
        assertFalse(onA.active(oldPat), "refused on A once the rotation answered");
        long onBAfter = Await.millisUntil(Duration.ofSeconds(10), () -> !onB.active(oldPat));
        System.out.printf("[ClusterIT] rotation without grace visible on B after %d ms%n", onBAfter);
        assertTrue(onBAfter >= 0 && onBAfter < 1000, "B accepted the rotated-away token for " + onBAfter + " ms");
        assertTrue(Await.millisUntil(Duration.ofSeconds(10), () -> !onA.active(newPat) && !onB.active(newPat)) >= 0,
                "reuse revoked the new token on both");
    }

    /**
     * Rotation with a grace while both nodes use the old token: alive on both during the grace, refused on both after
     * it (within a second of its end), although each node had it cached and B's validations were reading the row while
     * the rotation committed (a copy read just before the commit must not stay cached unmarked on either node).
     */
    @Test
    @Order(8)
    void rotationWithGraceKeepsTheOldTokenOnBothNodesUntilTheGraceEnds() throws Exception {
        String access = onA.newUserToken("gus");
        for (int round = 0; round < 3; round++) {
            JsonNode old = onA.createToken(access, "rotate with grace " + round);
            String oldPat = old.path("token").asText();
            Traffic traffic = new Traffic(oldPat);
            long before = System.nanoTime();
            String newPat = onA.rotate(access, old.path("id").asText(), 3).path("token").asText();
            long rotatedAt = System.nanoTime();
            Thread.sleep(1500);
            boolean aliveOnBothDuringGrace = onA.active(oldPat) && onB.active(oldPat);
            Thread.sleep(4000);
            traffic.stop();
            // the grace ends at most 3 s after the rotation answered (supersededAt is in whole seconds)
            long graceEnd = rotatedAt + 3_000_000_000L;
            long lastOnA = traffic.onA.stream().mapToLong(start -> start - graceEnd).max().orElse(Long.MIN_VALUE);
            long lastOnB = traffic.onB.stream().mapToLong(start -> start - graceEnd).max().orElse(Long.MIN_VALUE);
            long duringOnB = traffic.onB.stream().filter(start -> start > rotatedAt && start < rotatedAt + 1_500_000_000L).count();
            System.out.printf("[ClusterIT] rotation with grace, round %d: rotation took %d ms; last acceptance after the "
                            + "grace's end: A %d ms, B %d ms; accepted on B in the grace's first 1.5 s: %d%n", round,
                    (rotatedAt - before) / 1_000_000, lastOnA / 1_000_000, lastOnB / 1_000_000, duringOnB);
            assertTrue(aliveOnBothDuringGrace, "the old token works on both nodes during the grace");
            assertTrue(duringOnB > 0, "B accepted the old token during the grace");
            assertTrue(lastOnA < 1_000_000_000L, "A accepted the old token " + lastOnA / 1_000_000 + " ms after the grace");
            assertTrue(lastOnB < 1_000_000_000L, "B accepted the old token " + lastOnB / 1_000_000 + " ms after the grace");
            assertFalse(onA.active(oldPat));
            assertFalse(onB.active(oldPat));
            // presented after its grace: reuse, so its successor is revoked on both nodes too
            assertFalse(onA.active(newPat));
            assertFalse(onB.active(newPat));
        }
    }

    /**
     * Two clients on each node that present a token (valid on both nodes when this starts, checked first) until
     * {@link #stop}; the start ({@code System.nanoTime()}) of each accepted request goes into its node's list.
     */
    private final class Traffic {
        final List<Long> onA = Collections.synchronizedList(new ArrayList<>());
        final List<Long> onB = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Thread> clients = new ArrayList<>();

        Traffic(String token) throws InterruptedException {
            assertTrue(ClusterIT.this.onA.active(token));
            assertTrue(ClusterIT.this.onB.active(token));
            for (int c = 0; c < 4; c++) {
                Pats node = c % 2 == 0 ? ClusterIT.this.onA : ClusterIT.this.onB;
                List<Long> accepted = c % 2 == 0 ? onA : onB;
                Thread t = new Thread(() -> {
                    while (!stopped.get()) {
                        long start = System.nanoTime();
                        if (node.active(token)) {
                            accepted.add(start);
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            Thread.sleep(100);
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread t : clients) {
                t.join();
            }
        }
    }
}
