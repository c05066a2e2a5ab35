package dev.keycloakpat.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.keycloakpat.model.LastUse;

/**
 * Collects successful uses in memory: at most one pending update per token per minute, written to the
 * database in batches by a timer and on shutdown, never a database write per request. With the time go the
 * last client addresses ({@value #MAX_IPS} distinct, newest first); an address first seen between two writes
 * is written with the next one.
 */
public final class LastUsedTracker {

    private static final long MIN_INTERVAL_SECONDS = 60;
    public static final int MAX_IPS = 5;
    /** Longest address kept (an IPv6 address with zone fits); longer strings are not addresses. */
    static final int MAX_IP_LENGTH = 64;

    private final Map<String, Long> lastRecorded = new ConcurrentHashMap<>();
    private final Map<String, List<String>> recentIps = new ConcurrentHashMap<>();
    private final Map<String, LastUse> pending = new ConcurrentHashMap<>();

    /** Notes a use at {@code nowSeconds} of a token last stored as used at {@code storedLastUsed}. */
    public void used(String tokenId, Long storedLastUsed, long nowSeconds) {
        used(tokenId, storedLastUsed, null, nowSeconds, null);
    }

    /**
     * Notes a use at {@code nowSeconds} from {@code ip} (or null) of a token last stored as used at
     * {@code storedLastUsed} from {@code storedIps} (or null).
     */
    public void used(String tokenId, Long storedLastUsed, List<String> storedIps, long nowSeconds, String ip) {
        List<String> ips = recentIps.compute(tokenId, (id, known) -> {
            List<String> base = known != null ? known : storedIps == null ? List.of() : storedIps;
            return withNewest(base, ip);
        });
        Long last = lastRecorded.get(tokenId);
        if (last == null) {
            last = storedLastUsed;
        }
        if (last == null || nowSeconds - last >= MIN_INTERVAL_SECONDS) {
            lastRecorded.put(tokenId, nowSeconds);
            pending.merge(tokenId, new LastUse(nowSeconds, ips), (a, b) -> new LastUse(Math.max(a.at(), b.at()), b.ips()));
        } else {
            // not a write of its own: a pending update that is not yet written carries the newest addresses
            pending.computeIfPresent(tokenId, (id, u) -> new LastUse(u.at(), ips));
        }
    }

    /** {@code ips} with {@code ip} first, distinct, at most {@value #MAX_IPS}. */
    static List<String> withNewest(List<String> ips, String ip) {
        if (ip == null || ip.isBlank() || ip.length() > MAX_IP_LENGTH) {
            return ips.size() <= MAX_IPS ? ips : List.copyOf(ips.subList(0, MAX_IPS));
        }
        if (!ips.isEmpty() && ips.get(0).equals(ip)) {
            return ips;
        }
        List<String> out = new ArrayList<>(MAX_IPS);
        out.add(ip);
        for (String known : ips) {
            if (out.size() == MAX_IPS) {
                break;
            }
            if (!known.equals(ip)) {
                out.add(known);
            }
        }
        return List.copyOf(out);
    }

    /** The newest use this node knows of, or null. */
    public Long lastUse(String tokenId) {
        return lastRecorded.get(tokenId);
    }

    /** The addresses this node knows of, newest first, or null when it saw no use. */
    public List<String> lastIps(String tokenId) {
        return recentIps.get(tokenId);
    }

    /** Takes the pending updates for writing. */
    public Map<String, LastUse> drain() {
        Map<String, LastUse> out = new HashMap<>();
        for (String id : pending.keySet()) {
            LastUse u = pending.remove(id);
            if (u != null) {
                out.put(id, u);
            }
        }
        return out;
    }

    /** Puts back updates that could not be written. */
    public void restore(Map<String, LastUse> updates) {
        updates.forEach((id, u) -> pending.merge(id, u, (a, b) -> a.at() >= b.at() ? a : b));
    }

    public void forget(String tokenId) {
        lastRecorded.remove(tokenId);
        recentIps.remove(tokenId);
        pending.remove(tokenId);
    }
}
