package dev.keycloakpat.cache;

/**
 * The node-local state of the extension: verified-token cache (with revocation tombstones), wrong-secret
 * throttle, the separate budget of secret checks for leaked-token revocation, negative cache of unknown ids,
 * failure-event sampler, rate limiter and pending last-used times. One per Keycloak node.
 */
public final class PatRuntime {

    private static final PatRuntime INSTANCE = new PatRuntime();

    private final VerifiedTokenCache cache = new VerifiedTokenCache(
            Integer.getInteger("kcpat.cache.maxEntries", 200_000),
            Long.getLong("kcpat.cache.ttlSeconds", 600L) * 1000L, System::currentTimeMillis);
    private final FailureThrottle throttle = new FailureThrottle(
            Integer.getInteger("kcpat.throttle.maxFailuresPerMinute", 10), System::currentTimeMillis);
    /** Secret checks for {@code POST /revoke}, per id and minute, apart from the throttle so a flood cannot block a revoke. */
    private final FailureThrottle revokeChecks = new FailureThrottle(
            Integer.getInteger("kcpat.throttle.revokeChecksPerMinute", 10), System::currentTimeMillis);
    private final UnknownIds unknownIds = new UnknownIds(60_000, System::currentTimeMillis);
    private final EventSampler eventSampler = new EventSampler(1_000, System::currentTimeMillis);
    private final LastUsedTracker lastUsed = new LastUsedTracker();
    private final RateLimiter rateLimiter = new RateLimiter(System::currentTimeMillis);

    private PatRuntime() {
    }

    public static PatRuntime get() {
        return INSTANCE;
    }

    public VerifiedTokenCache cache() {
        return cache;
    }

    public FailureThrottle throttle() {
        return throttle;
    }

    public FailureThrottle revokeChecks() {
        return revokeChecks;
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
}
