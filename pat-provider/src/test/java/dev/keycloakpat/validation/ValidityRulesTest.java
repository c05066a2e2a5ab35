package dev.keycloakpat.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.policy.PatPolicy;

class ValidityRulesTest {

    private static final long NOW = 1_800_000_000L;

    private static PatRecord token(long created, Long expires, boolean write) {
        return new PatRecord("id", "realm", "user", "pub", "hash", "n", null, null, write, null, created, expires, null, null);
    }

    @Test
    void liveTokenWithinPolicyIsValid() {
        assertEquals(Outcome.VALID, ValidityRules.check(token(NOW - 10, NOW + 86400, false), PatPolicy.defaults(), NOW));
    }

    @Test
    void expiredTokenIsExpiredAtTheExactSecond() {
        assertEquals(Outcome.EXPIRED, ValidityRules.check(token(NOW - 100, NOW, false), PatPolicy.defaults(), NOW));
        assertEquals(Outcome.VALID, ValidityRules.check(token(NOW - 100, NOW + 1, false), PatPolicy.defaults(), NOW));
    }

    @Test
    void loweredMaxLifetimeStopsLongerTokens() {
        PatPolicy p = PatPolicy.defaults();
        PatRecord ninetyDays = token(NOW, NOW + 90 * 86400L, false);
        assertEquals(Outcome.VALID, ValidityRules.check(ninetyDays, p, NOW));
        p = p.with("maxLifetimeDays", 30);
        assertEquals(Outcome.POLICY_VIOLATION, ValidityRules.check(ninetyDays, p, NOW));
    }

    @Test
    void neverExpiringTokenNeedsThePolicyToAllowIt() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(Outcome.VALID, ValidityRules.check(token(NOW, null, false), p, NOW));
        p = p.with("allowNoExpiration", false);
        assertEquals(Outcome.POLICY_VIOLATION, ValidityRules.check(token(NOW, null, false), p, NOW));
    }

    @Test
    void disablingWriteStopsWriteTokensOnly() {
        PatPolicy p = PatPolicy.defaults();
        p = p.with("writeAllowed", false);
        assertEquals(Outcome.POLICY_VIOLATION, ValidityRules.check(token(NOW, NOW + 86400, true), p, NOW));
        assertEquals(Outcome.VALID, ValidityRules.check(token(NOW, NOW + 86400, false), p, NOW));
    }
}
