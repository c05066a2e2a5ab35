package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

    @Test
    void defaultsAreValidAndMatchTheApiReference() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(List.of(), PolicyValidator.problems(p));
        assertEquals(List.of(7, 30, 60, 90), p.expirationDays());
        assertTrue(p.allowNoExpiration());
        assertEquals(50, p.maxTokensPerUser());
        assertTrue(p.writeAllowed());
        assertEquals("groups", p.teamSource());
        assertEquals(10, p.bcryptCost());
        assertEquals(7, p.notifyDaysBeforeExpiry());
    }

    @Test
    void badValuesAreEachReported() {
        PatPolicy p = PatPolicy.defaults();
        p = p.with("expirationDays", List.of(0, 400));
        p = p.with("maxTokensPerUser", 0);
        p = p.with("teamSource", "teams");
        p = p.with("bcryptCost", 40);
        p = p.with("notifyDaysBeforeExpiry", -1);
        p = p.with("teamParentGroup", "no-slash");
        List<String> problems = PolicyValidator.problems(p);
        assertEquals(7, problems.size(), problems.toString());
    }

    @Test
    void emptyExpiryChoicesAreRefused() {
        PatPolicy p = PatPolicy.defaults();
        p = p.with("expirationDays", List.of());
        assertEquals(1, PolicyValidator.problems(p).size());
    }
}
