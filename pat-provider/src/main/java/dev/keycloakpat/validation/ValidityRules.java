package dev.keycloakpat.validation;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.policy.PatPolicy;

/** The time and policy rules of a stored token, free of Keycloak types so unit tests reach them. */
public final class ValidityRules {

    /** Slack for clock rounding when comparing a lifetime with the policy's maximum. */
    private static final long LIFETIME_SLACK_SECONDS = 3600;

    private ValidityRules() {
    }

    /** Outcome of the checks that need only the stored token, the policy and the clock. */
    public static Outcome check(PatRecord token, PatPolicy policy, long now) {
        if (token.isSuperseded(now)) {
            return Outcome.ROTATED;
        }
        if (token.isExpired(now)) {
            return Outcome.EXPIRED;
        }
        if (token.expiresAt() == null) {
            if (!policy.allowNoExpiration()) {
                return Outcome.POLICY_VIOLATION;
            }
        } else if (token.expiresAt() - token.createdAt() > policy.maxLifetimeDays() * PatPolicy.DAY_SECONDS + LIFETIME_SLACK_SECONDS) {
            return Outcome.POLICY_VIOLATION;
        }
        if (token.write() && !policy.writeAllowed()) {
            return Outcome.POLICY_VIOLATION;
        }
        return Outcome.VALID;
    }
}
