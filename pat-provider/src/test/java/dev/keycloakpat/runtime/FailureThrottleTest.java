package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private final AtomicLong clock = new AtomicLong(5_000_000);
    private final FailureThrottle throttle = new FailureThrottle(3, clock::get);

    @Test
    void anIdIsThrottledAfterTheLimitOfWrongSecretsWithinAMinuteAndFreedAfterIt() {
        throttle.recordFailure("id1");
        throttle.recordFailure("id1");
        assertFalse(throttle.isThrottled("id1"));
        throttle.recordFailure("id1");
        assertTrue(throttle.isThrottled("id1"));
        assertFalse(throttle.isThrottled("id2"), "other ids are not affected");
        clock.addAndGet(60_000);
        assertFalse(throttle.isThrottled("id1"));
    }

    @Test
    void onlyTheExactStringVerifiedBeforeIsVouchedFor() {
        throttle.verified("id1", "digest-of-the-real-token", "$2y$10$hash");
        assertEquals("$2y$10$hash", throttle.vouchedHash("id1", "digest-of-the-real-token"));
        assertNull(throttle.vouchedHash("id1", "digest-of-a-guess"));
        assertNull(throttle.vouchedHash("id2", "digest-of-the-real-token"));
    }

    @Test
    void theNewestVerificationReplacesTheOldOne() {
        throttle.verified("id1", "d1", "h1");
        throttle.verified("id1", "d2", "h2");
        assertNull(throttle.vouchedHash("id1", "d1"));
        assertEquals("h2", throttle.vouchedHash("id1", "d2"));
    }
}
