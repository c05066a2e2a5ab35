package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.model.PatRecord;

/**
 * A token rotated away with a grace stays usable during the grace, but no node keeps the row from before the
 * rotation (which knows nothing of the grace's end), whatever validations in flight put back.
 */
class RotatedAwayTest {

    private static final long TTL = 600_000;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    /** A new cache for each test (JUnit makes a new instance per test), on the test's clock. */
    private final VerifiedTokenCache cache = new VerifiedTokenCache(1000, TTL, clock::get);

    private static PatRecord before(String id) {
        return new PatRecord(id, "r", "u", "pub" + id, null, "name", null, null, false, null, 1, null, null, null);
    }

    private static PatRecord after(String id) {
        return new PatRecord(id, "r", "u", "pub" + id, null, "name", null, null, false, null, 1, null, null, null,
                null, "successor", 5_000L);
    }

    @Test
    void aValidationThatReadTheRowBeforeTheRotationCannotKeepItCached() {
        cache.put("d1", before("t1"));
        cache.rotated("t1");
        assertNull(cache.get("d1"), "the row from before the rotation is dropped");
        // an in-flight validation read the row before the rotation committed and puts it now
        cache.put("d1", before("t1"));
        assertNull(cache.get("d1"));
        assertNull(cache.getById("t1"));
        assertFalse(cache.isRevoked("t1"), "rotated with a grace is not revoked");
    }

    @Test
    void theRotatedRowIsCachedAndOtherTokensAreUntouched() {
        cache.put("d2", before("t2"));
        cache.rotated("t1");
        cache.put("d1", after("t1"));
        assertNotNull(cache.get("d1"), "the marked row may be cached: it ends the grace itself");
        assertNotNull(cache.getById("t1"));
        assertNotNull(cache.get("d2"));
    }
}
