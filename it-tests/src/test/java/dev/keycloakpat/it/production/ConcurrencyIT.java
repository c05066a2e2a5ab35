package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many users creating, listing and revoking tokens at once over HTTP (20 threads x 50 operations, four threads
 * per user so they contend for the same user's limit): nothing is lost or duplicated, the per-user limit is never
 * exceeded, and every answer is a success or a clean 4xx.
 */
@KeycloakIT
class ConcurrencyIT {

    private static final int THREADS = 20;
    private static final int OPERATIONS = 50;
    private static final int USERS = 5;
    private static final int LIMIT = 8;

    @Test
    void concurrentCreateListAndRevokeLoseNothingDuplicateNothingAndKeepTheLimit(TestRealm realm) throws Exception {
        // bcrypt cost 4 keeps 1000 operations on two cores short; the cost does not change the locking under test
        Pats pats = realm.withPolicy("{\"teamSource\":\"none\", \"maxTokensPerUser\": " + LIMIT + ", \"bcryptCost\": 4}").pats().ensureIntrospector();
        List<String> access = new ArrayList<>();
        List<Set<String>> live = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            access.add(pats.newUserToken("load" + u));
            live.add(ConcurrentHashMap.newKeySet());
        }
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Set<String> everCreated = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicatesAnswered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                go.await();
                Random random = new Random(thread);
                int user = thread % USERS;
                for (int op = 0; op < OPERATIONS; op++) {
                    int dice = random.nextInt(10);
                    Http.Response r;
                    String kind;
                    if (dice < 5) {
                        kind = "create";
                        r = pats.createResponse(access.get(user), Http.JSON.createObjectNode().put("name", "t" + thread + "-op" + op));
                        if (r.status() == 201) {
                            String id = r.json().path("id").asText();
                            if (!everCreated.add(id)) {
                                duplicatesAnswered.incrementAndGet();
                            }
                            live.get(user).add(id);
                        } else if (r.status() != 400 || !r.json().path("error").asText().equals("too_many_tokens")) {
                            problems.add("create: " + r);
                        }
                    } else if (dice < 8) {
                        kind = "revoke";
                        String victim = takeAny(live.get(user), random);
                        if (victim == null) {
                            continue;
                        }
                        r = pats.revoke(access.get(user), victim);
                        if (r.status() != 204) {
                            problems.add("revoke of a live token: " + r);
                        }
                    } else {
                        kind = "list";
                        r = pats.listResponse(access.get(user));
                        if (r.status() != 200) {
                            problems.add("list: " + r);
                        } else if (r.json().size() > LIMIT) {
                            problems.add("list shows " + r.json().size() + " tokens, over the limit of " + LIMIT);
                        }
                    }
                    outcomes.computeIfAbsent(kind + " " + r.status(), k -> new AtomicInteger()).incrementAndGet();
                    if (r.status() >= 500) {
                        problems.add(kind + " answered " + r);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[ConcurrencyIT] %d threads x %d operations in %d ms: %s%n", THREADS, OPERATIONS, millis,
                new TreeMap<>(outcomes));

        assertTrue(problems.isEmpty(), () -> problems.size() + " bad answers, e.g. " + problems.subList(0, Math.min(5, problems.size())));
        assertEquals(0, duplicatesAnswered.get(), "no id was handed out twice");
        for (int u = 0; u < USERS; u++) {
            JsonNode listed = pats.listResponse(access.get(u)).expect(200).json();
            Set<String> ids = new HashSet<>();
            listed.forEach(t -> ids.add(t.path("id").asText()));
            assertEquals(listed.size(), ids.size(), "no token listed twice");
            assertEquals(live.get(u), ids, "user " + u + ": the tokens stored are exactly those created and not revoked");
            assertTrue(ids.size() <= LIMIT, "limit of " + LIMIT + " exceeded: " + ids.size());
        }
        assertTrue(outcomes.getOrDefault("create 201", new AtomicInteger()).get() > 0, "some creations succeeded");
    }

    /** Removes and returns a random element, so no two threads revoke the same token. */
    private static String takeAny(Set<String> ids, Random random) {
        List<String> snapshot = new ArrayList<>(ids);
        Collections.shuffle(snapshot, random);
        for (String id : snapshot) {
            if (ids.remove(id)) {
                return id;
            }
        }
        return null;
    }
}
