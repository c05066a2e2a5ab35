package dev.keycloakpat.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One bcrypt check at a time per presented string (by digest) on this node. A CI job that fans out sixteen requests
 * with a token this node has not verified yet would otherwise run sixteen bcrypt checks at once, each reserving one
 * of the throttle's checks for the token id, and the ones past its limit would be refused although the secret is
 * right. With this, the first request checks; the others wait for it and then find the token in the verified-token
 * cache (a wrong secret is not cached, so after the wait each checks on its own, within the throttle as before).
 */
public final class SecretChecksInFlight {

    private final Map<String, CountDownLatch> running = new ConcurrentHashMap<>();
    private final long maxWaitMillis;

    public SecretChecksInFlight(long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }

    /**
     * True when the caller now checks this string and must {@link #release} it when done; false after another
     * thread's check of the same string finished (or {@code maxWaitMillis} passed): look in the cache, then check alone.
     */
    public boolean claim(String digest) {
        CountDownLatch mine = new CountDownLatch(1);
        CountDownLatch other = running.putIfAbsent(digest, mine);
        if (other == null) {
            return true;
        }
        try {
            other.await(maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The check claimed with {@link #claim} is over (its result, if good, is in the cache): waiters go on. */
    public void release(String digest) {
        CountDownLatch mine = running.remove(digest);
        if (mine != null) {
            mine.countDown();
        }
    }

    /** Checks in progress (for tests). */
    int running() {
        return running.size();
    }
}
