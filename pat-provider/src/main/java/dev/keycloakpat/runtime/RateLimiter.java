package dev.keycloakpat.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A per-token token bucket, counted on this node: {@code perMinute} requests a minute with a bucket of
 * {@code perMinute + burst}. In a cluster of N nodes a token can get at most N times the limit.
 */
public final class RateLimiter {

    /** What a request gets: allowed, or refused with the seconds to wait. */
    public record Allowance(boolean allowed, long retryAfterSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long updatedMillis;
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public RateLimiter(LongSupplier clock) {
        this.clock = clock;
    }

    public Allowance tryAcquire(String tokenId, int perMinute, int burst) {
        if (perMinute <= 0) {
            return new Allowance(true, 0);
        }
        double capacity = perMinute + Math.max(0, burst);
        double ratePerMilli = perMinute / 60_000d;
        long now = clock.getAsLong();
        if (buckets.size() > 200_000) {
            buckets.entrySet().removeIf(e -> now - e.getValue().updatedMillis > 120_000);
        }
        Bucket b = buckets.computeIfAbsent(tokenId, k -> {
            Bucket nb = new Bucket();
            nb.tokens = capacity;
            nb.updatedMillis = now;
            return nb;
        });
        synchronized (b) {
            b.tokens = Math.min(capacity, b.tokens + (now - b.updatedMillis) * ratePerMilli);
            b.updatedMillis = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return new Allowance(true, 0);
            }
            long waitMillis = (long) Math.ceil((1 - b.tokens) / ratePerMilli);
            return new Allowance(false, Math.max(1, (waitMillis + 999) / 1000));
        }
    }
}
