package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Secret checks are reserved before bcrypt, so concurrent wrong secrets can never exceed the limit. */
class ThrottleReservationTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void concurrentAttemptsGetNoMoreReservationsThanTheLimit() throws Exception {
        FailureThrottle throttle = new FailureThrottle(10, clock::get);
        AtomicInteger reserved = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[16];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int k = 0; k < 50; k++) {
                    if (throttle.tryBegin("id")) {
                        reserved.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(10, reserved.get());
        assertTrue(throttle.isThrottled("id"));
    }

    @Test
    void aPassingCheckIsGivenBackAndANewMinuteStartsAfresh() {
        FailureThrottle throttle = new FailureThrottle(2, clock::get);
        assertTrue(throttle.tryBegin("id"));
        throttle.succeeded("id");
        assertTrue(throttle.tryBegin("id"));
        assertTrue(throttle.tryBegin("id"));
        assertFalse(throttle.tryBegin("id"));
        clock.addAndGet(60_000);
        assertTrue(throttle.tryBegin("id"));
    }

    @Test
    void idsAreCountedByTheirExactSpelling() {
        FailureThrottle throttle = new FailureThrottle(1, clock::get);
        assertTrue(throttle.tryBegin("AbC"));
        assertFalse(throttle.tryBegin("AbC"));
        assertTrue(throttle.tryBegin("aBc"), "a different string is a different id (it can never match the stored one)");
    }

    @Test
    void unknownIdsAreRememberedForALimitedTimePerRealm() {
        UnknownIds ids = new UnknownIds(60_000, clock::get);
        ids.unknown("r1", "abc");
        assertTrue(ids.isUnknown("r1", "abc"));
        assertFalse(ids.isUnknown("r2", "abc"));
        clock.addAndGet(60_001);
        assertFalse(ids.isUnknown("r1", "abc"));
    }

    @Test
    void anonymousFailureEventsAreSampledWithACountOfWhatWasLeftOut() {
        EventSampler sampler = new EventSampler(1_000, clock::get);
        assertEquals(0, sampler.admit("r", "unknown"));
        for (int i = 0; i < 99; i++) {
            assertEquals(-1, sampler.admit("r", "unknown"));
        }
        assertEquals(0, sampler.admit("r", "malformed"), "another reason has its own slot");
        clock.addAndGet(1_000);
        assertEquals(99, sampler.admit("r", "unknown"));
    }
}
