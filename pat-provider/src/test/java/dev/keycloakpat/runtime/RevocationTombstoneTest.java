package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.model.PatRecord;

/** A revoked token is never served from the cache again, whatever validations in flight put back. */
class RevocationTombstoneTest {

    private static final long TTL = 600_000;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    /** A new cache for each test (JUnit makes a new instance per test), on the test's clock. */
    private final VerifiedTokenCache cache = new VerifiedTokenCache(1000, TTL, clock::get);

    private static PatRecord token(String id) {
        return new PatRecord(id, "r", "u", "pub" + id, "$2a$10$hash", "name", null, null, false, null, 1, null, null, null);
    }

    @Test
    void aValidationThatReadTheRowBeforeTheRevokeCannotCacheItAfterwards() {
        cache.put("d1", token("t1"));
        cache.revoke("t1");
        // an in-flight validation read the row before the delete committed and puts it now
        cache.put("d1", token("t1"));
        assertNull(cache.get("d1"));
        assertNull(cache.getById("t1"));
        assertTrue(cache.isRevoked("t1"));
    }

    @Test
    void theTombstoneOutlivesEveryEntryAndOtherTokensAreUntouched() {
        cache.revoke("t1");
        cache.put("d2", token("t2"));
        clock.addAndGet(TTL - 1);
        cache.put("d1", token("t1"));
        assertNull(cache.get("d1"), "still refused just before an entry would have expired anyway");
        assertNotNull(cache.get("d2"));
    }

    @Test
    void aRolledBackRevocationLetsTheTokenBeCachedAgain() {
        cache.revoke("t1");
        cache.unrevoke("t1");
        cache.put("d1", token("t1"));
        assertNotNull(cache.get("d1"));
        assertFalse(cache.isRevoked("t1"));
    }

    @Test
    void racingPutsAndARevokeNeverLeaveAnEntry() throws Exception {
        for (int round = 0; round < 200; round++) {
                String id = "t" + round;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger puts = new AtomicInteger();
            Thread[] writers = new Thread[4];
            for (int i = 0; i < writers.length; i++) {
                writers[i] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int k = 0; k < 200; k++) {
                        cache.put("d-" + id, token(id));
                        puts.incrementAndGet();
                    }
                });
                writers[i].start();
            }
            start.countDown();
            cache.revoke(id);
            for (Thread t : writers) {
                t.join();
            }
            assertEquals(800, puts.get());
            assertNull(cache.get("d-" + id), "round " + round);
            assertNull(cache.getById(id), "round " + round);
        }
    }
}
