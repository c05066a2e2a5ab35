package dev.keycloakpat.runtime;

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
    /** The same entries by token id, for tokens already identified (the pat_id of an exchanged JWT). */
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    /**
     * Ids of tokens revoked recently (id to the time the tombstone lapses), kept at least as long as an entry can
     * live. No entry for a tombstoned id is ever served: a validation that read the row just before the revoke
     * committed cannot put it back (see {@link #put}).
     */
    private final Map<String, Long> tombstones = new ConcurrentHashMap<>();
    /**
     * Ids of tokens rotated away recently (id to the time the mark lapses): an entry for such an id is served and
     * kept only if it holds the rotated row ({@code rotatedTo} set), so a validation on any node that read the row just
     * before the rotation committed cannot keep the unmarked row (valid past its grace) until the TTL.
     */
    private final Map<String, Long> rotatedAway = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;

    public VerifiedTokenCache(int maxEntries, long ttlMillis, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    /** One SHA-256 instance per thread: {@code MessageDigest.getInstance} costs a provider lookup per call. */
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    /** The cache key of a presented token: SHA-256 of the whole token, base64. Never the token itself. */
    public String digest(String presented) {
        MessageDigest sha = sha256.get();
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
        if (isStale(e.token)) {
            byDigest.remove(digest, e);
            return null;
        }
        return e.token;
    }

    /**
     * The token with this id if its secret was verified on this node within the TTL (and not evicted since),
     * else null: lets a caller that already knows the id (from a signed JWT) skip the database.
     */
    public PatRecord getById(String tokenId) {
        Entry e = byId.get(tokenId);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() - e.verifiedAtMillis > ttlMillis) {
            byId.remove(tokenId, e);
            return null;
        }
        if (isStale(e.token)) {
            byId.remove(tokenId, e);
            return null;
        }
        return e.token;
    }

    public void put(String digest, PatRecord token) {
        if (byDigest.size() >= maxEntries || byId.size() >= maxEntries) {
            evictSome();
        }
        Entry entry = new Entry(slim(token), clock.getAsLong());
        byDigest.put(digest, entry);
        byId.put(token.id(), entry);
        // checked after inserting: a revoke sets its tombstone before it evicts, so whichever order the two
        // threads run in, an entry for a revoked token never survives both checks
        if (isStale(token)) {
            byDigest.remove(digest, entry);
            byId.remove(token.id(), entry);
        }
    }

    /**
     * A token is being revoked (or rotated away): from now on no entry for it is served or kept, on this node,
     * for at least the cache TTL. Call before the row is deleted, and evict again after the commit.
     */
    public void revoke(String tokenId) {
        mark(tombstones, tokenId);
    }

    /**
     * A token was rotated away (committed): entries holding its row from before the rotation are dropped, on this
     * node, now and for at least the cache TTL; the rotated row, read again, may be cached (it stays valid during its
     * grace, and {@code supersededAt} in it ends it).
     */
    public void rotated(String tokenId) {
        mark(rotatedAway, tokenId);
    }

    /** Marks the token in {@code marks} for longer than any entry can live, and evicts it. */
    private void mark(Map<String, Long> marks, String tokenId) {
        long now = clock.getAsLong();
        if (marks.size() > 10_000) {
            marks.values().removeIf(until -> until < now);
        }
        marks.put(tokenId, now + ttlMillis + 60_000);
        evictToken(tokenId);
    }

    /** Revoked, or rotated away while the entry holds the row from before the rotation. */
    private boolean isStale(PatRecord token) {
        return (!tombstones.isEmpty() && tombstones.containsKey(token.id()))
                || (token.rotatedTo() == null && !rotatedAway.isEmpty() && rotatedAway.containsKey(token.id()));
    }

    /** The revocation was rolled back: the token may be cached again. */
    public void unrevoke(String tokenId) {
        tombstones.remove(tokenId);
    }

    /** Whether the token was revoked on this node (or told so by another) within the tombstone lifetime. */
    public boolean isRevoked(String tokenId) {
        Long until = tombstones.get(tokenId);
        return until != null && until >= clock.getAsLong();
    }

    /**
     * What an entry keeps of a verified token: no secret hash (the secret was just checked; a cache hit never
     * needs it again), and the realm id and team kind shared with every other entry (few distinct values).
     * Roughly a quarter less heap per token.
     */
    static PatRecord slim(PatRecord t) {
        return new PatRecord(t.id(), t.realmId().intern(), t.userId(), t.publicId(), null, t.name(), t.teamId(),
                t.teamKind() == null ? null : t.teamKind().intern(), t.write(), t.roles(), t.createdAt(), t.expiresAt(),
                t.lastUsedAt(), t.expiryNotifiedAt(), t.rotatedFrom(), t.rotatedTo(), t.supersededAt(), t.lastUsedIps());
    }

    public void evictToken(String tokenId) {
        byId.remove(tokenId);
        byDigest.values().removeIf(e -> e.token.id().equals(tokenId));
    }

    public void evictUser(String realmId, String userId) {
        byId.values().removeIf(e -> e.token.realmId().equals(realmId) && e.token.userId().equals(userId));
        byDigest.values().removeIf(e -> e.token.realmId().equals(realmId) && e.token.userId().equals(userId));
    }

    public void evictRealm(String realmId) {
        byId.values().removeIf(e -> e.token.realmId().equals(realmId));
        byDigest.values().removeIf(e -> e.token.realmId().equals(realmId));
    }

    public int size() {
        return byDigest.size();
    }

    /** Drops expired entries, then, if still full, about a tenth of the entries (from both indexes). */
    private void evictSome() {
        long now = clock.getAsLong();
        byDigest.values().removeIf(e -> now - e.verifiedAtMillis > ttlMillis);
        byId.values().removeIf(e -> now - e.verifiedAtMillis > ttlMillis);
        dropSome(byDigest);
        dropSome(byId);
    }

    private void dropSome(Map<String, Entry> map) {
        int toDrop = map.size() - maxEntries + Math.max(1, maxEntries / 10);
        Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator();
        while (toDrop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
