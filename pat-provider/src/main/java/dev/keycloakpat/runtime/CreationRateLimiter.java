package dev.keycloakpat.runtime;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.keycloakpat.refusal.Refusal;

/**
 * How many tokens one user may create per minute on this node. Each creation hashes a secret with bcrypt, which at
 * a high cost is seconds of CPU, so the limit follows the policy's bcrypt cost ({@link #perMinute(int)}): 10 a minute
 * at cost 12, twice as many for each step below, half as many for each step above, always at least 1. Counted in a
 * sliding window of 60 s (never more than the limit in any 60 s); a refusal says when the next creation is possible
 * (the caller turns it into {@code service.CreationRefused}).
 * In a cluster of N nodes a user gets at most N times the limit.
 */
public final class CreationRateLimiter {

    public static final long WINDOW_MILLIS = 60_000;
    /** Users whose window is idle are forgotten once this many are tracked. */
    private static final int PRUNE_ABOVE = 100_000;

    private final Map<String, ArrayDeque<Long>> recent = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;

    public CreationRateLimiter(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** The creations per minute for a bcrypt cost: 10 at cost 12, 40 at the default 10, 1 at 15 and above. */
    public static int perMinute(int bcryptCost) {
        if (bcryptCost <= 12) {
            return 10 << Math.min(12 - Math.max(bcryptCost, 4), 8);
        }
        return Math.max(1, 10 >> Math.min(bcryptCost - 12, 4));
    }

    /**
     * Counts one creation for {@code key} (realm and user) and returns 0, or, when {@code limit} are in the window,
     * counts nothing and returns the seconds until one more fits (at least 1).
     */
    public long acquire(String key, int limit) {
        if (limit <= 0) {
            return 0;
        }
        long now = clockMillis.getAsLong();
        if (recent.size() > PRUNE_ABOVE) {
            recent.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isEmpty() || e.getValue().peekLast() <= now - WINDOW_MILLIS;
                }
            });
        }
        ArrayDeque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MILLIS) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                // the (size - limit + 1)-th oldest must leave the window before one more fits
                long frees = times.stream().skip(times.size() - limit).findFirst().orElse(now) + WINDOW_MILLIS;
                long waitMillis = Math.max(1, frees - now);
                return (waitMillis + 999) / 1000;
            }
            times.addLast(now);
            return 0;
        }
    }
}
