package dev.keycloakpat.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong secrets for one token id are throttled before bcrypt (docs/api.md, "Token format"; issue 6): they cannot make
 * the server burn CPU, and the owner's valid token keeps working (its digest is in the verified-token cache,
 * which is consulted before the throttle). Loopback only, bounded in time and threads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayFloodIT extends RealmIT {

    /** Throttle default: wrong secrets per token id per minute that still get a bcrypt check. */
    private static final int BCRYPT_CHECKS_PER_MINUTE = 10;
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("flood.phaseSeconds", 2));
    private static final int ROUNDS = 4;
    private static final int VALID_THREADS = 2;
    private static final int FLOOD_THREADS = 4;
    /**
     * The flood's total rate. Bounded so the test measures what the throttle is for (bcrypt work) rather than
     * plain HTTP competition for this machine's CPUs: 200 wrong secrets a second would need 10+ cores of bcrypt
     * without the throttle, and costs as little as 200 ordinary requests with it.
     */
    private static final int FLOOD_PER_SECOND = Integer.getInteger("flood.ratePerSecond", 200);
    private static final double MIN_RATIO = 0.5;

    private String platform;

    @BeforeAll
    void setUp(TestRealm realm) {
        platform = realm.createGroup("platform");
        realm.createMember("alice", platform);
    }

    @Test
    @Order(1)
    void afterTenWrongSecretsForAnIdFurtherOnesAreRefusedWithoutBcryptAndTheOwnerKeepsWorking() {
        pats.enableEvents();
        Pats.Pat pat = pats.createAs("alice", "throttled", platform, Map.of());
        pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        Random random = new Random(1);
        for (int i = 0; i < BCRYPT_CHECKS_PER_MINUTE + 5; i++) {
            Http.Response r = pats.check("Authorization", "Bearer " + TokenStrings.forge(pat.publicId(), TokenStrings.randomSecret(random)));
            assertEquals(401, r.status(), r::toString);
        }
        pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        pats.awaitEvent("LOGIN_ERROR", e -> "throttled".equals(e.path("details").path("reason").asText()), () -> "throttled");
        List<String> reasons = new ArrayList<>();
        for (JsonNode e : pats.eventList("LOGIN_ERROR")) {
            reasons.add(e.path("details").path("reason").asText());
        }
        assertEquals(BCRYPT_CHECKS_PER_MINUTE, reasons.stream().filter("bad_secret"::equals).count(),
                () -> "exactly " + BCRYPT_CHECKS_PER_MINUTE + " wrong secrets get a bcrypt check, then the id is throttled: " + reasons);
        // refusals that name no token are sampled (at most one event a second per reason), not one event each
        long throttled = reasons.stream().filter("throttled"::equals).count();
        assertTrue(throttled >= 1 && throttled <= 5, reasons::toString);
        realm.update(Http.JSON.createObjectNode().put("eventsEnabled", false));
    }

    @Test
    @Order(2)
    void aFloodOfWrongSecretsForOneTokenIdDoesNotStarveValidRequests() throws Exception {
        Pats.Pat pat = pats.createAs("alice", "flooded", platform, Map.of());
        URI check = URI.create(realm.http().baseUrl() + pats.checkPath());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest valid = HttpRequest.newBuilder(check).header("Authorization", "Bearer " + pat.token())
                .timeout(Duration.ofSeconds(30)).GET().build();
        assertEquals(200, client.send(valid, HttpResponse.BodyHandlers.discarding()).statusCode());
        // warm-up: JIT and connections
        run(client, valid, null, pat.publicId(), Duration.ofSeconds(3));

        Phase alone = new Phase();
        Phase flooded = new Phase();
        // alternate short phases so load from elsewhere on the machine hits both sides alike
        for (int round = 0; round < ROUNDS; round++) {
            alone.add(run(client, valid, null, pat.publicId(), PHASE));
            flooded.add(run(client, valid, client, pat.publicId(), PHASE));
        }
        double ratio = flooded.validPerSecond() / alone.validPerSecond();
        System.out.printf("[gateway-flood] valid alone: %.0f req/s (%d in %.1f s, %d threads); valid during flood: %.0f req/s"
                        + " (%d in %.1f s); flood: %.0f wrong-secret req/s for the same token id (%d threads, target %d/s, %d requests,"
                        + " statuses %s); ratio %.2f (must be >= %.2f)%n",
                alone.validPerSecond(), alone.valid, alone.seconds, VALID_THREADS, flooded.validPerSecond(), flooded.valid,
                flooded.seconds, flooded.floodPerSecond(), FLOOD_THREADS, FLOOD_PER_SECOND, flooded.flood, flooded.floodStatuses,
                ratio, MIN_RATIO);
        assertEquals(Map.of(200, alone.valid), alone.validStatuses, "valid requests alone");
        assertEquals(Map.of(200, flooded.valid), flooded.validStatuses, "every valid request during the flood is allowed");
        assertEquals(Map.of(401, flooded.flood), flooded.floodStatuses, "every wrong secret is refused");
        assertTrue(ratio >= MIN_RATIO, () -> "a flood of wrong secrets for one token id starved valid requests: ratio %.2f".formatted(ratio));
        assertTrue(flooded.floodPerSecond() > FLOOD_PER_SECOND / 2.0,
                () -> "the flood must reach at least half its rate (or the server is struggling with it): " + flooded.floodPerSecond());
    }

    @Test
    @Order(3)
    void ownerKeepsWorkingWhileFloodedEvenAfterItsCacheEntryIsGone() {
        Pats.Pat pat = pats.createAs("alice", "flooded-uncached", platform, Map.of());
        pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        Random random = new Random(3);
        for (int i = 0; i < BCRYPT_CHECKS_PER_MINUTE + 2; i++) {
            pats.check("Authorization", "Bearer " + TokenStrings.forge(pat.publicId(), TokenStrings.randomSecret(random))).expect(401);
        }
        // deleting a group that has tokens evicts the realm's verified-token cache on every node
        String doomed = realm.createGroup("doomed");
        realm.createMember("zed", doomed);
        pats.createAs("zed", "in-doomed-team", doomed, Map.of());
        realm.admin().delete(realm.adminPath("/groups/" + doomed)).expect(204);

        pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        pats.check("Authorization", "Bearer " + TokenStrings.forge(pat.publicId(), TokenStrings.randomSecret(random))).expect(401);
        pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        pats.revokeAsOwner(pats.login("alice"), pat.id());
        pats.check("Authorization", "Bearer " + pat.token()).expect(401);
    }

    /**
     * The throttle must not refuse the right secret: a CI job fans out with a token this node has never verified,
     * more requests at once than the throttle allows bcrypt checks a minute. All are accepted (they share one check;
     * before, each reserved one of the id's 10 checks and the rest were refused as "throttled").
     */
    @Test
    @Order(4)
    void aBurstOfFirstUsesOfAValidTokenIsAcceptedInFull() throws Exception {
        Pats.Pat pat = pats.createAs("alice", "fan-out", platform, Map.of());
        int requests = 3 * BCRYPT_CHECKS_PER_MINUTE;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return pats.check("Authorization", "Bearer " + pat.token()).status();
                }));
            }
            go.countDown();
            Map<Integer, Integer> counts = new TreeMap<>();
            for (Future<Integer> status : statuses) {
                counts.merge(status.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertEquals(Map.of(200, requests), counts, "every one of " + requests + " concurrent first uses is accepted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Counts of one measured period. */
    private static final class Phase {
        long valid;
        long flood;
        double seconds;
        final Map<Integer, Long> validStatuses = new ConcurrentHashMap<>();
        final Map<Integer, Long> floodStatuses = new ConcurrentHashMap<>();

        void add(Phase p) {
            valid += p.valid;
            flood += p.flood;
            seconds += p.seconds;
            p.validStatuses.forEach((k, v) -> validStatuses.merge(k, v, Long::sum));
            p.floodStatuses.forEach((k, v) -> floodStatuses.merge(k, v, Long::sum));
        }

        double validPerSecond() {
            return valid / seconds;
        }

        double floodPerSecond() {
            return flood / seconds;
        }
    }

    /** Runs valid requests (and, with a flood client, wrong secrets for {@code publicId}) for {@code duration}. */
    private static Phase run(HttpClient client, HttpRequest valid, HttpClient floodClient, String publicId, Duration duration)
            throws InterruptedException {
        Phase phase = new Phase();
        AtomicLong validCount = new AtomicLong();
        AtomicLong floodCount = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < VALID_THREADS; i++) {
            threads.add(started(() -> loop(client, () -> valid, end, validCount, phase.validStatuses)));
        }
        if (floodClient != null) {
            for (int i = 0; i < FLOOD_THREADS; i++) {
                Random random = new Random(i);
                threads.add(started(() -> loop(floodClient,
                        () -> HttpRequest.newBuilder(valid.uri()).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + TokenStrings.forge(publicId, TokenStrings.randomSecret(random)))
                                .GET().build(),
                        end, 1_000_000_000L * FLOOD_THREADS / FLOOD_PER_SECOND, floodCount, phase.floodStatuses)));
            }
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        phase.seconds = (System.nanoTime() - start) / 1e9;
        phase.valid = validCount.get();
        phase.flood = floodCount.get();
        return phase;
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void loop(HttpClient client, java.util.function.Supplier<HttpRequest> request, long endNanos,
                             AtomicLong count, Map<Integer, Long> statuses) {
        loop(client, request, endNanos, 0, count, statuses);
    }

    /** Sends requests one after the other until {@code endNanos}, at most one per {@code intervalNanos} (0 = no pause). */
    private static void loop(HttpClient client, java.util.function.Supplier<HttpRequest> request, long endNanos,
                             long intervalNanos, AtomicLong count, Map<Integer, Long> statuses) {
        long next = System.nanoTime();
        while (System.nanoTime() < endNanos) {
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                next += intervalNanos;
                if (System.nanoTime() >= endNanos) {
                    return;
                }
            }
            try {
                int status = client.send(request.get(), HttpResponse.BodyHandlers.discarding()).statusCode();
                statuses.merge(status, 1L, Long::sum);
            } catch (IOException e) {
                statuses.merge(-1, 1L, Long::sum);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            count.incrementAndGet();
        }
    }
}
