package dev.keycloakpat.it.admin;

import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** maxTokensPerUser holds even when many creations for one user arrive at once. */
@KeycloakIT
class TokenLimitIT {

    static final int MAX = 5;
    static final int PARALLEL = 24;

    @Test
    void parallelCreationsNeverExceedMaxTokensPerUser(TestRealm realm) throws Exception {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"none\",\"maxTokensPerUser\":" + MAX + "}");
        String userId = realm.createUser("grace", "grace-pw");
        String token = realm.pats().userToken("grace", "grace-pw");

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> results = new ArrayList<>();
        try {
            for (int i = 0; i < PARALLEL; i++) {
                String name = "parallel-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return realm.pats().createResponse(token, Pats.request(name));
                }));
            }
            start.countDown();
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Future<Http.Response> f : results) {
                Http.Response r = f.get(120, TimeUnit.SECONDS);
                String key = r.status() == 201 ? "201" : r.status() + " " + r.json().path("error").asText();
                outcomes.merge(key, 1, Integer::sum);
            }
            assertEquals(Map.of("201", MAX, "400 too_many_tokens", PARALLEL - MAX), outcomes);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(MAX, realm.pats().adminListIds("?userId=" + userId).size());
        Http.Response oneMore = realm.pats().createResponse(token, Pats.request("one-more"));
        assertEquals(400, oneMore.status());
        assertEquals("too_many_tokens", oneMore.json().path("error").asText());
    }
}
