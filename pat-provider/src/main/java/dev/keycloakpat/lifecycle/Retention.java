package dev.keycloakpat.lifecycle;

import dev.keycloakpat.policy.PatPolicy;

/** The time rules of the maintenance job, free of Keycloak types. */
final class Retention {

    private static final long DAY = PatPolicy.DAY_SECONDS;
    /** Unused-token reminders go this many days before the revocation. */
    static final int UNUSED_REMIND_DAYS = 7;

    private Retention() {
    }

    /** Tokens that expired before this instant are deleted: expired longer than {@code expiredRetentionDays}. */
    static long deleteExpiredBefore(long now, PatPolicy policy) {
        return now - policy.expiredRetentionDays() * DAY;
    }

    /**
     * Tokens last used (never used: created) before this instant are revoked as unused, or null when the policy
     * does not revoke unused tokens ({@code unusedRevokeDays} 0).
     */
    static Long unusedBefore(long now, PatPolicy policy) {
        return policy.unusedRevokeDays() <= 0 ? null : now - policy.unusedRevokeDays() * DAY;
    }

    /**
     * Tokens last used (never used: created) before this instant are in the unused-token reminder window (a week
     * before they would be revoked), or null when the policy does not revoke unused tokens.
     */
    static Long unusedRemindBefore(long now, PatPolicy policy) {
        return policy.unusedRevokeDays() <= 0 ? null : now - Math.max(0, policy.unusedRevokeDays() - UNUSED_REMIND_DAYS) * DAY;
    }

    /** When a token whose last use (or creation) was at {@code lastActivity} is revoked as unused. */
    static long unusedRevokeAt(long lastActivity, PatPolicy policy) {
        return lastActivity + policy.unusedRevokeDays() * DAY;
    }

    /** Whether a token whose last use (or creation) was at {@code lastActivity} is unused under the policy. */
    static boolean isUnused(long lastActivity, long now, PatPolicy policy) {
        Long before = unusedBefore(now, policy);
        return before != null && lastActivity < before;
    }

    /** The end of the reminder window: tokens expiring in {@code (now, until]} are reminded. */
    static long remindUntil(long now, PatPolicy policy) {
        return now + policy.notifyDaysBeforeExpiry() * DAY;
    }

    /** Whole days left, rounded up (a token expiring in 6.2 days has "7 days" left), at least 1. */
    static long daysLeft(long now, long expiresAt) {
        long seconds = Math.max(0, expiresAt - now);
        return Math.max(1, (seconds + DAY - 1) / DAY);
    }
}
