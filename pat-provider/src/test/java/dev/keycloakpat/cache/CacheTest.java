package dev.keycloakpat.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.model.PatRecord;

class CacheTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    private static PatRecord token(String id, String user) {
        return new PatRecord(id, "realm", user, "pub" + id, "hash", "n", null, null, false, null, 1, null, null, null);
    }

    @Test
    void verifiedTokensAreForgottenAfterTheirTtlAndOnEviction() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, 1000, clock::get);
        cache.put("d1", token("1", "u1"));
        cache.put("d2", token("2", "u2"));
        assertNotNull(cache.get("d1"));
        cache.evictToken("1");
        assertNull(cache.get("d1"));
        cache.evictUser("realm", "u2");
        assertNull(cache.get("d2"));
        cache.put("d3", token("3", "u3"));
        clock.addAndGet(1001);
        assertNull(cache.get("d3"));
    }

    @Test
    void cacheStaysBounded() {
        VerifiedTokenCache cache = new VerifiedTokenCache(1000, 60_000, clock::get);
        for (int i = 0; i < 10_000; i++) {
            cache.put("d" + i, token(String.valueOf(i), "u"));
        }
        assertTrue(cache.size() <= 1000, "size " + cache.size());
    }

    @Test
    void digestIsStableAndDoesNotContainTheToken() {
        String d = VerifiedTokenCache.digest("kcpat_abc");
        assertEquals(d, VerifiedTokenCache.digest("kcpat_abc"));
        assertFalse(d.contains("abc"));
    }

    @Test
    void throttleKicksInAfterTooManyWrongSecretsAndResetsAfterAMinute() {
        FailureThrottle t = new FailureThrottle(3, clock::get);
        for (int i = 0; i < 3; i++) {
            assertFalse(t.isThrottled("id"));
            t.recordFailure("id");
        }
        assertTrue(t.isThrottled("id"));
        assertFalse(t.isThrottled("other"));
        clock.addAndGet(60_001);
        assertFalse(t.isThrottled("id"));
    }

    @Test
    void lastUsedIsRecordedAtMostOnceAMinutePerToken() {
        LastUsedTracker tracker = new LastUsedTracker();
        tracker.used("t", null, 1000);
        tracker.used("t", null, 1010);
        tracker.used("t", null, 1059);
        assertEquals(Map.of("t", new dev.keycloakpat.model.LastUse(1000L, java.util.List.of())), tracker.drain());
        tracker.used("t", null, 1060);
        assertEquals(Map.of("t", new dev.keycloakpat.model.LastUse(1060L, java.util.List.of())), tracker.drain());
        assertEquals(Map.of(), tracker.drain());
        assertEquals(1060L, tracker.lastUse("t"));
    }

    @Test
    void rateLimiterAllowsBurstThenRefusesWithRetryAfter() {
        RateLimiter limiter = new RateLimiter(clock::get);
        for (int i = 0; i < 6; i++) {
            assertTrue(limiter.tryAcquire("t", 5, 1).allowed(), "request " + i);
        }
        RateLimiter.Decision refused = limiter.tryAcquire("t", 5, 1);
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 12, "retry after " + refused.retryAfterSeconds());
        clock.addAndGet(12_000);
        assertTrue(limiter.tryAcquire("t", 5, 1).allowed());
        assertTrue(limiter.tryAcquire("other", 5, 1).allowed());
        assertTrue(limiter.tryAcquire("t", 0, 0).allowed(), "0 means no limit");
    }
}
