package dev.keycloakpat.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.policy.PatPolicy;

class RotationRulesTest {

    private static PatRecord rotatedAway(Long supersededAt) {
        return new PatRecord("id", "realm", "user", "pub", "hash", "n", null, null, false, null, 100, null, null, null,
                null, "next", supersededAt);
    }

    @Test
    void aRotatedAwayTokenIsValidDuringItsGraceAndDeadFromItsEnd() {
        PatPolicy p = PatPolicy.defaults();
        assertEquals(Outcome.VALID, ValidityRules.check(rotatedAway(200L), p, 199));
        assertEquals(Outcome.ROTATED, ValidityRules.check(rotatedAway(200L), p, 200));
        assertEquals(Outcome.ROTATED, ValidityRules.check(rotatedAway(200L), p, 10_000));
        assertEquals(Outcome.VALID, ValidityRules.check(rotatedAway(null), p, 10_000));
    }
}
