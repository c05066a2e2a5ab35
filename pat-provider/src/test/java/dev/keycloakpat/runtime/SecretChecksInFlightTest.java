package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SecretChecksInFlightTest {

    private final SecretChecksInFlight checks = new SecretChecksInFlight(10_000);

    @Test
    void sixteenConcurrentFirstUsesOfOneStringRunOneCheckAndTheOthersWaitForIt() throws Exception {
        AtomicInteger bcrypts = new AtomicInteger();
        AtomicInteger cachedAnswers = new AtomicInteger();
        Set<String> cache = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    boolean checking = checks.claim("digest-of-the-token");
                    try {
                        if (!checking && cache.contains("digest-of-the-token")) {
                            cachedAnswers.incrementAndGet();
                            return null;
                        }
                        bcrypts.incrementAndGet();
                        Thread.sleep(200); // bcrypt
                        cache.add("digest-of-the-token");
                    } finally {
                        if (checking) {
                            checks.release("digest-of-the-token");
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> call : calls) {
                call.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, bcrypts.get(), "one check for one presented string");
        assertEquals(15, cachedAnswers.get());
        assertEquals(0, checks.running());
    }

    @Test
    void anotherStringIsNotHeldUpAndAWaiterGivesUpAfterTheLongestWait() {
        SecretChecksInFlight shortWait = new SecretChecksInFlight(50);
        assertTrue(shortWait.claim("a"));
        assertTrue(shortWait.claim("b"), "another presented string is checked at once");
        long start = System.nanoTime();
        assertFalse(shortWait.claim("a"), "the same string waits for the check in progress");
        assertTrue(System.nanoTime() - start >= 40_000_000L, "it waited");
        shortWait.release("a");
        shortWait.release("b");
        assertTrue(shortWait.claim("a"), "released: the next one checks");
    }
}
