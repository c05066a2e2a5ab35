package dev.keycloakpat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.policy.PatPolicy;

class RetentionTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void tokensExpiredLongerThanTheRetentionAreDeleted() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(NOW - 30 * 86_400L, Retention.deleteExpiredBefore(NOW, p));
        p.expiredRetentionDays = 0;
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
    void theAccountLinkPointsAtTheTokenPage() {
        assertEquals("https://sso.example.com/realms/my%20realm/account/personal-access-tokens",
                ExpiryReminders.AccountLinks.tokensPage("https://sso.example.com/", "my realm"));
    }
}
