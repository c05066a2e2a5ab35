package dev.keycloakpat.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Public ids that were looked up recently and matched no token (a negative cache), so that a flood of made-up
 * tokens with valid checksums costs one database query per id a minute instead of one per request. Public ids are
 * random: a token created later cannot have an id that was refused here before, except by a guess of 71 bits.
 * Bounded: past {@value #MAX_ENTRIES} ids the memory is cleared.
 */
public final class UnknownIds {

    static final int MAX_ENTRIES = 100_000;

    private final Map<String, Long> until = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final LongSupplier clock;

    public UnknownIds(long ttlMillis, LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    private static String key(String realmId, String publicId) {
        return realmId + '/' + publicId;
    }

    public boolean isUnknown(String realmId, String publicId) {
        Long t = until.get(key(realmId, publicId));
        if (t == null) {
            return false;
        }
        if (t < clock.getAsLong()) {
            until.remove(key(realmId, publicId), t);
            return false;
        }
        return true;
    }

    public void unknown(String realmId, String publicId) {
        if (until.size() >= MAX_ENTRIES) {
            until.clear();
        }
        until.put(key(realmId, publicId), clock.getAsLong() + ttlMillis);
    }
}
