package dev.keycloakpat.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.provider.Provider;

/** Storage of personal access tokens. The only implementation is JPA; nothing else sees JPA types. */
public interface PatStore extends Provider {

    void add(PatRecord token);

    Optional<PatRecord> findByPublicId(String realmId, String publicId);

    Optional<PatRecord> findById(String realmId, String id);

    /** The user's tokens, newest first. */
    List<PatRecord> listByUser(String realmId, String userId);

    /** Tokens of the realm, newest first, optionally of one user, paginated. */
    List<PatRecord> list(String realmId, String userId, int first, int max);

    /**
     * Tokens of the realm (of one user when {@code userId} is not null) matching the search, newest first, paginated.
     * {@code now} decides active/expired.
     */
    List<PatRecord> search(String realmId, String userId, TokenSearch search, long now, int first, int max);

    /** Every token bound to a team (any owner). */
    List<PatRecord> listByTeam(String realmId, String teamId);

    /**
     * Takes a database lock on the token owner, held until the current transaction ends, so that "count the user's
     * tokens, then insert one" is atomic across all nodes of a cluster (a node-local lock is not). Call it first in
     * the transaction.
     */
    void lockOwner(String realmId, String userId);

    /** Tokens of a user that are not expired at {@code now}. */
    long countLive(String realmId, String userId, long now);

    boolean delete(String realmId, String id);

    int deleteByUser(String realmId, String userId);

    int deleteByRealm(String realmId);

    /** Deletes the tokens bound to a team (a removed group or organization). */
    int deleteByTeam(String realmId, String teamId);

    /**
     * Sets lastUsedAt (only ever moved forward) and the last client addresses for many tokens at once.
     */
    void updateLastUsed(Map<String, LastUse> usesById);

    /** Tokens of one realm expiring in (now, until] that have not been reminded yet, soonest first, at most {@code max}. */
    List<PatRecord> findExpiringUnnotified(String realmId, long now, long until, int max);

    void markNotified(String id, long at);

    /** Deletes tokens of a realm that expired before {@code expiredBefore}; returns how many. */
    int deleteExpiredBefore(String realmId, long expiredBefore);

    /**
     * Marks a token as rotated away to {@code successorId}, dead from {@code supersededAt}; false when it was already
     * rotated (a concurrent rotation won).
     */
    boolean markRotated(String id, String successorId, long supersededAt);

    /**
     * Live tokens of a realm (not rotated away) last used before {@code before}, or never used and created before
     * it; at most {@code max}.
     */
    List<PatRecord> findUnusedSince(String realmId, long before, int max);

    /**
     * Like {@link #findUnusedSince}, without the tokens whose owner was already told about this period of non-use
     * ({@link #markUnusedNotified} after the last use, or creation); at most {@code max}.
     */
    List<PatRecord> findUnusedUnreminded(String realmId, long before, int max);

    void markUnusedNotified(String id, long at);

    /** Deletes the rotated-away rows of a realm that died before {@code before}; returns how many. */
    int deleteSupersededBefore(String realmId, long before);

    @Override
    default void close() {
    }
}
