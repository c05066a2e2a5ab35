package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;


class CreationRateLimiterTest {

    private final AtomicLong clock = new AtomicLong(5_000_000);
    private final CreationRateLimiter limiter = new CreationRateLimiter(clock::get);

    @Test
    void theLimitFollowsTheBcryptCost() {
        assertEquals(10, CreationRateLimiter.perMinute(12));
        assertEquals(40, CreationRateLimiter.perMinute(10), "the default cost");
        assertEquals(2560, CreationRateLimiter.perMinute(4));
        assertEquals(2560, CreationRateLimiter.perMinute(1), "never more than at the lowest cost");
        assertEquals(5, CreationRateLimiter.perMinute(13));
        assertEquals(2, CreationRateLimiter.perMinute(14));
        assertEquals(1, CreationRateLimiter.perMinute(15));
        assertEquals(1, CreationRateLimiter.perMinute(16), "at least one a minute at any cost");
        assertEquals(1, CreationRateLimiter.perMinute(31));
    }

    @Test
    void overTheLimitIsA429ThatSaysWhenToRetry() {
        for (int i = 0; i < 10; i++) {
            limiter.acquire("realm:alice", 10);
            clock.addAndGet(1000);
        }
        // the first creation was 10 s ago: it leaves the window in 50 s
        assertEquals(50, limiter.acquire("realm:alice", 10));

        clock.addAndGet(49_999);
        assertEquals(1, limiter.acquire("realm:alice", 10));
        clock.addAndGet(1);
        assertEquals(0, limiter.acquire("realm:alice", 10), "Retry-After was honest");
        assertTrue(limiter.acquire("realm:alice", 10) > 0, "and one slot only");
    }

    @Test
    void usersAreCountedApartAndARefusalCountsNothing() {
        for (int i = 0; i < 2; i++) {
            limiter.acquire("realm:alice", 2);
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.acquire("realm:alice", 2) > 0);
        }
        assertEquals(0, limiter.acquire("realm:bob", 2));
        assertEquals(0, limiter.acquire("other-realm:alice", 2));
        clock.addAndGet(60_000);
        assertEquals(0, limiter.acquire("realm:alice", 2));
        assertEquals(0, limiter.acquire("realm:alice", 2));
    }

    @Test
    void neverMoreThanTheLimitInAnyWindowOfAMinute() {
        List<Long> allowed = new ArrayList<>();
        for (int i = 0; i < 6000; i++) { // an attempt every 50 ms for 5 minutes
            long wait = limiter.acquire("k", 7);
            if (wait == 0) {
                allowed.add(clock.get());
            } else {
                assertTrue(wait >= 1 && wait <= 60, "Retry-After " + wait);
            }
            clock.addAndGet(50);
        }
        for (int start = 0; start < allowed.size(); start++) {
            int n = 0;
            for (int j = start; j < allowed.size() && allowed.get(j) < allowed.get(start) + 60_000; j++) {
                n++;
            }
            assertTrue(n <= 7, n + " creations within a minute");
        }
        assertEquals(35, allowed.size(), "7 a minute for 5 minutes: the limit is reachable, not only a bound");
    }

    @Test
    void aLoweredLimitWaitsUntilEnoughCreationsHaveLeftTheWindow() {
        for (int i = 0; i < 4; i++) {
            limiter.acquire("k", 10);
            clock.addAndGet(10_000);
        }
        // 4 in the window, made 40, 30, 20 and 10 s ago: with a limit of 2, three must leave before one more fits,
        // and the third oldest (20 s ago) leaves in 40 s
        assertEquals(40, limiter.acquire("k", 2));
        clock.addAndGet(40_000);
        assertEquals(0, limiter.acquire("k", 2));
    }
}
