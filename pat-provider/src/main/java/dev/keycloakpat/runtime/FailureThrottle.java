package dev.keycloakpat.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts wrong secrets per token public id in a sliding minute. Past the limit, further attempts for that
 * id are refused before any bcrypt work, so a flood of wrong secrets cannot make the server burn CPU.
 * A holder of the right token keeps working: through {@link VerifiedTokenCache}, which is consulted first,
 * and, once that entry has aged out, through {@link #vouchedHash}: the throttle remembers, per id, the digest of
 * the one presented string that last passed bcrypt on this node and the hash it passed against, so that string
 * is let through to the (cheap) store lookup while every other secret for the id is refused unseen.
 * A token this node has never verified is refused while its id is throttled (until the flood stops).
 */
public final class FailureThrottle {

    private record Window(long startMillis, int failures) {
    }

    private record Vouched(String digest, String secretHash) {
    }

    /** At most this many remembered ids; past it the memory is cleared (it is only a fallback for the cache). */
    static final int MAX_VOUCHED = 200_000;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Vouched> vouched = new ConcurrentHashMap<>();
    private final int maxFailuresPerMinute;
    private final LongSupplier clock;

    public FailureThrottle(int maxFailuresPerMinute, LongSupplier clock) {
        this.maxFailuresPerMinute = maxFailuresPerMinute;
        this.clock = clock;
    }

    public boolean isThrottled(String publicId) {
        Window w = windows.get(publicId);
        return w != null && clock.getAsLong() - w.startMillis < 60_000 && w.failures >= maxFailuresPerMinute;
    }

    public void recordFailure(String publicId) {
        long now = clock.getAsLong();
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> now - e.getValue().startMillis >= 60_000);
        }
        windows.compute(publicId, (k, w) -> w == null || now - w.startMillis >= 60_000
                ? new Window(now, 1) : new Window(w.startMillis, w.failures + 1));
    }

    /**
     * Reserves one secret check for this id, atomically, before any bcrypt work: false when the id has used up its
     * checks this minute. Concurrent attempts therefore can never run more than the limit of bcrypt checks, however
     * many arrive at once. A reserved check that passes is given back with {@link #succeeded}; one that fails stays
     * counted as a failure.
     */
    public boolean tryBegin(String publicId) {
        long now = clock.getAsLong();
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> now - e.getValue().startMillis >= 60_000);
        }
        boolean[] reserved = {false};
        windows.compute(publicId, (k, w) -> {
            if (w == null || now - w.startMillis >= 60_000) {
                reserved[0] = true;
                return new Window(now, 1);
            }
            if (w.failures >= maxFailuresPerMinute) {
                return w;
            }
            reserved[0] = true;
            return new Window(w.startMillis, w.failures + 1);
        });
        return reserved[0];
    }

    /** The check reserved by {@link #tryBegin} passed: it does not count as a failure. */
    public void succeeded(String publicId) {
        windows.computeIfPresent(publicId, (k, w) -> w.failures <= 1 ? null : new Window(w.startMillis, w.failures - 1));
    }

    /** Remembers that the presented string with this digest passed bcrypt against {@code secretHash}. */
    public void verified(String publicId, String digest, String secretHash) {
        if (vouched.size() >= MAX_VOUCHED && !vouched.containsKey(publicId)) {
            vouched.clear();
        }
        vouched.put(publicId, new Vouched(digest, secretHash));
    }

    /**
     * The secret hash this exact presented string (by digest) was verified against on this node, or null.
     * A caller must still load the token and compare hashes: a revoked or re-created token does not match.
     */
    public String vouchedHash(String publicId, String digest) {
        Vouched v = vouched.get(publicId);
        return v != null && v.digest.equals(digest) ? v.secretHash : null;
    }
}
