package dev.keycloakpat.runtime;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

import dev.keycloakpat.policy.PolicyCache;

/**
 * The node-local state of the extension, one per Keycloak node, owned by the {@code pat-runtime} provider factory
 * (created when Keycloak starts, released when it stops): verified-token cache (with revocation tombstones),
 * wrong-secret throttle, the separate budget of secret checks for leaked-token revocation, negative cache of unknown
 * ids, failure-event sampler, per-token rate limiter, per-user creation limiter and locks, pending last-used times,
 * parsed realm policies and metrics. Reached through the session ({@link #of}); never a static.
 * Every session gets the same instance; closing a session does not touch it.
 */
public final class PatRuntime implements Provider {

    private static final int CREATION_LOCKS = 64;

    private final RuntimeOptions options;
    private final VerifiedTokenCache cache;
    private final FailureThrottle throttle;
    private final FailureThrottle revokeChecks;
    private final UnknownIds unknownIds;
    private final SecretChecksInFlight secretChecks = new SecretChecksInFlight(10_000);
    private final EventSampler eventSampler;
    private final LastUsedTracker lastUsed = new LastUsedTracker();
    private final RateLimiter rateLimiter;
    private final CreationRateLimiter creationLimiter;
    private final ReentrantLock[] creationLocks = new ReentrantLock[CREATION_LOCKS];
    private final PolicyCache policies = new PolicyCache();
    private final PatMetrics metrics;

    /**
     * @param clockMillis the node's clock in epoch milliseconds (Keycloak's {@code Time::currentTimeMillis}, which its
     *                    time offset moves)
     */
    public PatRuntime(RuntimeOptions options, LongSupplier clockMillis, PatMetrics metrics) {
        this.options = options;
        this.cache = new VerifiedTokenCache(options.cacheMaxEntries(), options.cacheTtlSeconds() * 1000L, clockMillis);
        this.throttle = new FailureThrottle(options.throttleFailuresPerMinute(), clockMillis);
        this.revokeChecks = new FailureThrottle(options.revokeChecksPerMinute(), clockMillis);
        this.unknownIds = new UnknownIds(60_000, clockMillis);
        this.eventSampler = new EventSampler(1_000, clockMillis);
        this.rateLimiter = new RateLimiter(clockMillis);
        this.creationLimiter = new CreationRateLimiter(clockMillis);
        for (int i = 0; i < creationLocks.length; i++) {
            creationLocks[i] = new ReentrantLock();
        }
        this.metrics = metrics;
    }

    /** This node's runtime. */
    public static PatRuntime of(KeycloakSession session) {
        return session.getProvider(PatRuntime.class);
    }

    public RuntimeOptions options() {
        return options;
    }

    public VerifiedTokenCache cache() {
        return cache;
    }

    public FailureThrottle throttle() {
        return throttle;
    }

    /** Secret checks for {@code POST /revoke}, per id and minute, apart from the throttle so a flood cannot block a revoke. */
    public FailureThrottle revokeChecks() {
        return revokeChecks;
    }

    /** One bcrypt check at a time per presented string: concurrent first uses of a token wait for it. */
    public SecretChecksInFlight secretChecks() {
        return secretChecks;
    }

    public UnknownIds unknownIds() {
        return unknownIds;
    }

    public EventSampler eventSampler() {
        return eventSampler;
    }

    public LastUsedTracker lastUsed() {
        return lastUsed;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** Token creations per user and minute on this node (each is a bcrypt hash). */
    public CreationRateLimiter creationLimiter() {
        return creationLimiter;
    }

    /** The node-local lock taken around a user's token creation, so this node's threads do not queue in the database. */
    public ReentrantLock creationLock(String userId) {
        return creationLocks[Math.floorMod(userId.hashCode(), creationLocks.length)];
    }

    /** Parsed realm policies, for reading on the validation hot path. */
    public PolicyCache policies() {
        return policies;
    }

    public PatMetrics metrics() {
        return metrics;
    }

    /** Sessions share this node's runtime: the provider factory releases it when Keycloak stops. */
    @Override
    public void close() {
    }
}
