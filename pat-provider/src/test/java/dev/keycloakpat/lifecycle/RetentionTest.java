package dev.keycloakpat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.policy.PatPolicy;

class RetentionTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void tokensExpiredLongerThanTheRetentionAreDeleted() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(NOW - 30 * 86_400L, Retention.deleteExpiredBefore(NOW, p));
        p = p.with("expiredRetentionDays", 0);
        assertEquals(NOW, Retention.deleteExpiredBefore(NOW, p));
    }

    @Test
    void theReminderWindowIsNotifyDaysLong() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(NOW + 7 * 86_400L, Retention.remindUntil(NOW, p));
    }

    @Test
    void daysLeftRoundUp() {
        assertEquals(7, Retention.daysLeft(NOW, NOW + 7 * 86_400L));
        assertEquals(7, Retention.daysLeft(NOW, NOW + 6 * 86_400L + 1));
        assertEquals(1, Retention.daysLeft(NOW, NOW + 10));
    }

    @Test
    void unusedTokensAreRemindedAWeekBeforeTheyAreRevoked() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(null, Retention.unusedRemindBefore(NOW, p), "0 = off");
        p = p.with("unusedRevokeDays", 90);
        assertEquals(NOW - 83 * 86_400L, Retention.unusedRemindBefore(NOW, p));
        assertEquals(NOW + 90 * 86_400L, Retention.unusedRevokeAt(NOW, p));
        p = p.with("unusedRevokeDays", 5);
        assertEquals(NOW, Retention.unusedRemindBefore(NOW, p), "shorter than a week: reminded from the start");
    }

    @Test
    void unusedTokensAreThoseWithNoActivityForUnusedRevokeDays() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(null, Retention.unusedBefore(NOW, p), "0 = off");
        assertFalse(Retention.isUnused(0, NOW, p), "off: nothing is unused");
        p = p.with("unusedRevokeDays", 90);
        assertEquals(NOW - 90 * 86_400L, Retention.unusedBefore(NOW, p));
        assertTrue(Retention.isUnused(NOW - 90 * 86_400L - 1, NOW, p));
        assertFalse(Retention.isUnused(NOW - 90 * 86_400L, NOW, p));
        assertFalse(Retention.isUnused(NOW - 89 * 86_400L, NOW, p));
    }
}
