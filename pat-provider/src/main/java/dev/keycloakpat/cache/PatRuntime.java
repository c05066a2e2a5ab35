package dev.keycloakpat.cache;

/**
 * The node-local state of the extension: verified-token cache, wrong-secret throttle, rate limiter and
 * pending last-used times. One per Keycloak node.
 */
public final class PatRuntime {

    private static final PatRuntime INSTANCE = new PatRuntime();

    private final VerifiedTokenCache cache = new VerifiedTokenCache(
            Integer.getInteger("kcpat.cache.maxEntries", 200_000),
            Long.getLong("kcpat.cache.ttlSeconds", 600L) * 1000L, System::currentTimeMillis);
    private final FailureThrottle throttle = new FailureThrottle(
            Integer.getInteger("kcpat.throttle.maxFailuresPerMinute", 10), System::currentTimeMillis);
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

    public LastUsedTracker lastUsed() {
        return lastUsed;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }
}
