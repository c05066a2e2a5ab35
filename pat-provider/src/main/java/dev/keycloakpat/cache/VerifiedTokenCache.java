package dev.keycloakpat.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.keycloakpat.model.PatRecord;

/**
 * Remembers tokens whose secret passed bcrypt, keyed by a SHA-256 digest of the whole presented token
 * (kept only in memory), so the next use costs a hash instead of a bcrypt check and a database query.
 * Bounded in size and in time; entries are evicted by token id when a token is revoked or deleted,
 * by user when a user is deleted, and by realm when its policy changes (on every node, see
 * {@code PatClusterEvents}). Live checks (user, team, roles, expiry) still run on every use.
 */
public final class VerifiedTokenCache {

    private record Entry(PatRecord token, long verifiedAtMillis) {
    }

    private final Map<String, Entry> byDigest = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;

    public VerifiedTokenCache(int maxEntries, long ttlMillis, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    /** One SHA-256 instance per thread: {@code MessageDigest.getInstance} costs a provider lookup per call. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    /** The cache key of a presented token: SHA-256 of the whole token, base64. Never the token itself. */
    public static String digest(String presented) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return BASE64.encodeToString(sha.digest(presented.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The verified token for this digest, if cached and fresh. */
    public PatRecord get(String digest) {
        Entry e = byDigest.get(digest);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() - e.verifiedAtMillis > ttlMillis) {
            byDigest.remove(digest, e);
            return null;
        }
        return e.token;
    }

    public void put(String digest, PatRecord token) {
        if (byDigest.size() >= maxEntries) {
            evictSome();
        }
        byDigest.put(digest, new Entry(token, clock.getAsLong()));
    }

    public void evictToken(String tokenId) {
        byDigest.values().removeIf(e -> e.token.id().equals(tokenId));
    }

    public void evictUser(String realmId, String userId) {
        byDigest.values().removeIf(e -> e.token.realmId().equals(realmId) && e.token.userId().equals(userId));
    }

    public void evictRealm(String realmId) {
        byDigest.values().removeIf(e -> e.token.realmId().equals(realmId));
    }

    public void clear() {
        byDigest.clear();
    }

    public int size() {
        return byDigest.size();
    }

    /** Drops expired entries, then, if still full, about a tenth of the entries. */
    private void evictSome() {
        long now = clock.getAsLong();
        byDigest.values().removeIf(e -> now - e.verifiedAtMillis > ttlMillis);
        int toDrop = byDigest.size() - maxEntries + Math.max(1, maxEntries / 10);
        Iterator<String> it = byDigest.keySet().iterator();
        while (toDrop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
