package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;

class PolicyUpdateTest {

    @Test
    void givenFieldsChangeAndTheOthersKeepTheirValues() {
        PatPolicy current = PatPolicy.defaults();
        current.maxTokensPerUser = 7;
        PatPolicy updated = PolicyUpdate.apply(current, "{\"maxLifetimeDays\":90,\"writeAllowed\":false}");
        assertEquals(90, updated.maxLifetimeDays);
        assertEquals(false, updated.writeAllowed);
        assertEquals(7, updated.maxTokensPerUser);
        assertEquals(List.of(7, 30, 60, 90), updated.expirationDays);
    }

    @Test
    void theCurrentPolicyIsNeverModified() {
        PatPolicy current = PatPolicy.defaults();
        PolicyUpdate.apply(current, "{\"maxLifetimeDays\":90}");
        assertEquals(365, current.maxLifetimeDays);
        assertThrows(Refusal.class, () -> PolicyUpdate.apply(current, "{\"maxLifetimeDays\":0}"));
        assertEquals(365, current.maxLifetimeDays);
    }

    @Test
    void invalidValuesAreRefusedWithEveryProblem() {
        Refusal e = assertThrows(Refusal.class,
                () -> PolicyUpdate.apply(PatPolicy.defaults(), "{\"maxLifetimeDays\":30,\"bcryptCost\":99}"));
        assertEquals(Refusal.Kind.INVALID, e.kind());
        assertEquals("invalid_policy", e.error());
        assertTrue(e.getMessage().contains("expirationDays choice 60 exceeds maxLifetimeDays 30"), e.getMessage());
        assertTrue(e.getMessage().contains("bcryptCost"), e.getMessage());
    }

    @Test
    void unknownFieldsAreRefused() {
        Refusal e = assertThrows(Refusal.class,
                () -> PolicyUpdate.apply(PatPolicy.defaults(), "{\"maxLifetimeDay\":30}"));
        assertEquals("invalid_policy", e.error());
        assertTrue(e.getMessage().contains("maxLifetimeDay"), e.getMessage());
    }

    @Test
    void wrongTypesAreRefusedNotCoerced() {
        for (String body : List.of("{\"maxLifetimeDays\":\"90\"}", "{\"writeAllowed\":\"false\"}",
                "{\"maxLifetimeDays\":null}", "{\"maxLifetimeDays\":9.5}", "{\"expirationDays\":7}",
                "{\"teamSource\":5}")) {
            Refusal e = assertThrows(Refusal.class, () -> PolicyUpdate.apply(PatPolicy.defaults(), body), body);
            assertEquals("invalid_policy", e.error(), body);
        }
    }

    @Test
    void malformedJsonIsRefused() {
        assertEquals("invalid_json", assertThrows(Refusal.class,
                () -> PolicyUpdate.apply(PatPolicy.defaults(), "{maxLifetimeDays")).error());
        assertEquals("invalid_policy", assertThrows(Refusal.class,
                () -> PolicyUpdate.apply(PatPolicy.defaults(), "[1]")).error());
        assertEquals("invalid_policy", assertThrows(Refusal.class,
                () -> PolicyUpdate.apply(PatPolicy.defaults(), "")).error());
    }

    @Test
    void blankOptionalStringsMeanNone() {
        PatPolicy updated = PolicyUpdate.apply(PatPolicy.defaults(), "{\"writeRole\":\"  \",\"teamParentGroup\":\"\"}");
        assertNull(updated.writeRole);
        assertNull(updated.teamParentGroup);
    }

    @Test
    void anOutOfRangeLifetimeIsOneProblemNotOnePerChoice() {
        Refusal e = assertThrows(Refusal.class,
                () -> PolicyUpdate.apply(PatPolicy.defaults(), "{\"maxLifetimeDays\":0}"));
        assertEquals("maxLifetimeDays must be between 1 and 3650.", e.getMessage());
    }
}
