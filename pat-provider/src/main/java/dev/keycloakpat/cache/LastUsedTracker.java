package dev.keycloakpat.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects successful uses in memory: at most one pending update per token per minute, written to the
 * database in batches by a timer and on shutdown, never a database write per request.
 */
public final class LastUsedTracker {

    private static final long MIN_INTERVAL_SECONDS = 60;

    private final Map<String, Long> lastRecorded = new ConcurrentHashMap<>();
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    /** Notes a use at {@code nowSeconds} of a token last stored as used at {@code storedLastUsed}. */
    public void used(String tokenId, Long storedLastUsed, long nowSeconds) {
        Long last = lastRecorded.get(tokenId);
        if (last == null) {
            last = storedLastUsed;
        }
        if (last == null || nowSeconds - last >= MIN_INTERVAL_SECONDS) {
            lastRecorded.put(tokenId, nowSeconds);
            pending.merge(tokenId, nowSeconds, Math::max);
        }
    }

    /** The newest use this node knows of, or null. */
    public Long lastUse(String tokenId) {
        return lastRecorded.get(tokenId);
    }

    /** Takes the pending updates for writing. */
    public Map<String, Long> drain() {
        Map<String, Long> out = new HashMap<>();
        for (String id : pending.keySet()) {
            Long at = pending.remove(id);
            if (at != null) {
                out.put(id, at);
            }
        }
        return out;
    }

    /** Puts back updates that could not be written. */
    public void restore(Map<String, Long> updates) {
        updates.forEach((id, at) -> pending.merge(id, at, Math::max));
    }

    public void forget(String tokenId) {
        lastRecorded.remove(tokenId);
        pending.remove(tokenId);
    }
}
