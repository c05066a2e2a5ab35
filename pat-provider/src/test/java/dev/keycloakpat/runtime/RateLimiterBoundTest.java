package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The per-node bound documented in docs/gateway.md, and an honest Retry-After. */
class RateLimiterBoundTest {

    private final AtomicLong clock = new AtomicLong(10_000_000);
    private final RateLimiter limiter = new RateLimiter(clock::get);

    @Test
    void inAnyWindowOfTSecondsATokenGetsAtMostBucketPlusRateTimesT() {
        int perMinute = 30;
        int burst = 5;
        List<Long> allowedAt = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // a request every 100 ms for 5 minutes
            if (limiter.tryAcquire("t", perMinute, burst).allowed()) {
                allowedAt.add(clock.get());
            }
            clock.addAndGet(100);
        }
        for (long windowSeconds : new long[] {1, 10, 60, 120}) {
            long bound = perMinute + burst + perMinute * windowSeconds / 60;
            for (int start = 0; start < allowedAt.size(); start++) {
                long end = allowedAt.get(start) + windowSeconds * 1000;
                int n = 0;
                for (int j = start; j < allowedAt.size() && allowedAt.get(j) < end; j++) {
                    n++;
                }
                assertTrue(n <= bound, n + " requests in " + windowSeconds + " s, bound " + bound);
            }
        }
        // and over the long run it is the rate: 35 at once, then 30 a minute
        assertTrue(allowedAt.size() >= 35 + 30 * 4 && allowedAt.size() <= 35 + 30 * 5, "allowed " + allowedAt.size());
    }

    @Test
    void waitingRetryAfterSecondsIsEnough() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("t", 3, 0).allowed());
        }
        RateLimiter.Allowance refused = limiter.tryAcquire("t", 3, 0);
        assertFalse(refused.allowed());
        assertEquals(20, refused.retryAfterSeconds(), "3 a minute refills one every 20 s");
        clock.addAndGet(refused.retryAfterSeconds() * 1000 - 1000);
        assertFalse(limiter.tryAcquire("t", 3, 0).allowed(), "not a second before Retry-After");
        clock.addAndGet(1000);
        assertTrue(limiter.tryAcquire("t", 3, 0).allowed(), "after Retry-After seconds");
    }

    @Test
    void aLoweredLimitAppliesAtOnce() {
        assertTrue(limiter.tryAcquire("t", 100, 0).allowed());
        for (int i = 0; i < 2; i++) {
            assertTrue(limiter.tryAcquire("t", 2, 0).allowed());
        }
        assertFalse(limiter.tryAcquire("t", 2, 0).allowed(), "the bucket is capped at the new size");
    }
}
