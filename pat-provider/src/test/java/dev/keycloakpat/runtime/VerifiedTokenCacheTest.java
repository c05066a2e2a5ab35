package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.model.PatRecord;

/** The bounds of the verified-token cache: size, time to live, and eviction by token, user and realm. */
class VerifiedTokenCacheTest {

    private static final long TTL = 10_000;
    private final AtomicLong clock = new AtomicLong(5_000_000);
    /** A new cache for each test (JUnit makes a new instance per test), on the test's clock. */
    private final VerifiedTokenCache cache = new VerifiedTokenCache(100, TTL, clock::get);

    private static PatRecord token(String id, String realm, String user) {
        return new PatRecord(id, realm, user, "pub" + id, "$2a$10$hash", "name", null, null, false, null, 1, null, null, null);
    }

    @Test
    void neverHoldsMoreThanItsMaximumWhateverIsPut() {
        VerifiedTokenCache cache = new VerifiedTokenCache(500, TTL, clock::get);
        for (int i = 0; i < 5_000; i++) {
            cache.put("d" + i, token("t" + i, "r", "u"));
            assertTrue(cache.size() <= 500, () -> "size " + cache.size());
        }
        assertNotNull(cache.get("d4999"), "the entry just put is there");
    }

    @Test
    void whenFullItDropsExpiredEntriesBeforeLiveOnes() {
        for (int i = 0; i < 50; i++) {
            cache.put("old" + i, token("o" + i, "r", "u"));
        }
        clock.addAndGet(TTL + 1);
        for (int i = 0; i < 50; i++) {
            cache.put("new" + i, token("n" + i, "r", "u"));
        }
        cache.put("one-more", token("x", "r", "u"));
        assertEquals(51, cache.size(), "the 50 expired entries made room, no live one was dropped");
        for (int i = 0; i < 50; i++) {
            assertNotNull(cache.get("new" + i), "live entry new" + i);
        }
    }

    @Test
    void anEntryLivesExactlyItsTtlAfterVerification() {
        cache.put("d", token("t", "r", "u"));
        clock.addAndGet(TTL);
        assertNotNull(cache.get("d"), "still fresh at the TTL");
        clock.addAndGet(1);
        assertNull(cache.get("d"), "gone one millisecond later");
        assertEquals(0, cache.size(), "an expired entry found on lookup is removed");
    }

    @Test
    void aNewVerificationRestartsTheTtl() {
        cache.put("d", token("t", "r", "u"));
        clock.addAndGet(TTL - 1);
        cache.put("d", token("t", "r", "u"));
        clock.addAndGet(TTL - 1);
        assertNotNull(cache.get("d"));
        assertEquals(1, cache.size());
    }

    @Test
    void evictingATokenRemovesEveryDigestOfItAndNothingElse() {
        cache.put("d1", token("t1", "r", "u"));
        cache.put("d1-other-presentation", token("t1", "r", "u"));
        cache.put("d2", token("t2", "r", "u"));
        cache.evictToken("t1");
        assertNull(cache.get("d1"));
        assertNull(cache.get("d1-other-presentation"));
        assertNotNull(cache.get("d2"));
    }

    @Test
    void evictingAUserRemovesOnlyThatUsersTokensInThatRealm() {
        cache.put("a1", token("t1", "r1", "alice"));
        cache.put("a2", token("t2", "r1", "alice"));
        cache.put("b1", token("t3", "r1", "bob"));
        cache.put("a-other-realm", token("t4", "r2", "alice"));
        cache.evictUser("r1", "alice");
        assertNull(cache.get("a1"));
        assertNull(cache.get("a2"));
        assertNotNull(cache.get("b1"));
        assertNotNull(cache.get("a-other-realm"), "same user id in another realm is another user");
    }

    @Test
    void evictingARealmRemovesOnlyThatRealmsTokens() {
        cache.put("x1", token("t1", "r1", "u1"));
        cache.put("x2", token("t2", "r1", "u2"));
        cache.put("y1", token("t3", "r2", "u1"));
        cache.evictRealm("r1");
        assertNull(cache.get("x1"));
        assertNull(cache.get("x2"));
        assertNotNull(cache.get("y1"));
        assertEquals(1, cache.size());
    }

    @Test
    void aTokenVerifiedHereIsFoundByIdUntilItsTtlOrItsEviction() {
        cache.put("d1", token("t1", "r1", "alice"));
        cache.put("d2", token("t2", "r1", "bob"));
        cache.put("d3", token("t3", "r2", "carol"));
        assertEquals("t1", cache.getById("t1").id());
        assertNull(cache.getById("never-verified"));

        cache.evictToken("t1");
        assertNull(cache.getById("t1"), "revoked");
        cache.evictUser("r1", "bob");
        assertNull(cache.getById("t2"), "user deleted");
        clock.addAndGet(TTL + 1);
        assertNull(cache.getById("t3"), "past its TTL");
    }

    @Test
    void realmEvictionAlsoForgetsTheIdIndex() {
        cache.put("d1", token("t1", "r1", "alice"));
        cache.evictRealm("r1");
        assertNull(cache.getById("t1"));
    }

    @Test
    void theIdIndexStaysBoundedToo() {
        VerifiedTokenCache cache = new VerifiedTokenCache(200, TTL, clock::get);
        for (int i = 0; i < 2_000; i++) {
            cache.put("d" + i, token("t" + i, "r", "u"));
        }
        int found = 0;
        for (int i = 0; i < 2_000; i++) {
            found += cache.getById("t" + i) == null ? 0 : 1;
        }
        assertTrue(found <= 200, "ids still found: " + found);
        assertNotNull(cache.getById("t1999"));
    }

    @Test
    void aCachedTokenKeepsNoSecretHash() {
        cache.put("d1", token("t1", "r1", "alice"));
        assertNull(cache.get("d1").secretHash());
        assertEquals("t1", cache.get("d1").id());
        assertEquals("alice", cache.get("d1").userId());
        assertNull(cache.getById("t1").secretHash());
    }

    @Test
    void digestIsTheSha256OfTheWholeTokenNotItsPrefix() {
        String a = "kcpat_AAAAAAAAAAAA" + "s".repeat(32) + "cccccc";
        String b = "kcpat_AAAAAAAAAAAA" + "s".repeat(31) + "t" + "cccccc";
        VerifiedTokenCache cache = new VerifiedTokenCache(10, 60_000, () -> 0L);
        assertNotEquals(cache.digest(a), cache.digest(b), "one character differs");
        assertEquals(43, cache.digest(a).length(), "256 bits in unpadded base64");
        assertTrue(!cache.digest(a).contains("AAAAAAAAAAAA"), "the public id does not show");
    }
}
