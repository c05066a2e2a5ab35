package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;

class PolicyFormTest {

    @Test
    void aPolicyRoundTripsThroughTheForm() {
        PatPolicy p = PatPolicy.defaults();
        p = p.with("expirationDays", List.of(1, 14));
        p = p.with("maxLifetimeDays", 14);
        p = p.with("writeAllowed", false);
        p = p.with("writeRole", "writer");
        p = p.with("teamSource", "organizations");
        p = p.with("introspectionClients", List.of("api"));
        PatPolicy back = PolicyForm.apply(PatPolicy.defaults(), PolicyForm.toForm(p));
        assertEquals(PolicyForm.toForm(p), PolicyForm.toForm(back));
    }

    @Test
    void theConsolesRouteParametersAreIgnored() {
        Map<String, List<String>> form = new HashMap<>();
        form.put("realm", List.of("demo"));
        form.put("tab", List.of("personal-access-tokens"));
        form.put("maxTokensPerUser", List.of("3"));
        PatPolicy p = PolicyForm.apply(PatPolicy.defaults(), form);
        assertEquals(3, p.maxTokensPerUser());
        assertEquals(365, p.maxLifetimeDays());
    }

    @Test
    void notANumberIsAClearProblem() {
        Refusal e = assertThrows(Refusal.class,
                () -> PolicyForm.apply(PatPolicy.defaults(), Map.of("maxLifetimeDays", List.of("ten"))));
        assertEquals("invalid_policy", e.error());
        assertTrue(e.getMessage().contains("maxLifetimeDays must be a whole number"), e.getMessage());
    }

    @Test
    void valuesThePolicyValidatorRefusesAreRefused() {
        Refusal e = assertThrows(Refusal.class,
                () -> PolicyForm.apply(PatPolicy.defaults(), Map.of("maxLifetimeDays", List.of("0"))));
        assertTrue(e.getMessage().contains("maxLifetimeDays must be between 1 and 3650"), e.getMessage());
        assertThrows(Refusal.class,
                () -> PolicyForm.apply(PatPolicy.defaults(), Map.of("teamSource", List.of("ldap"))));
        assertThrows(Refusal.class,
                () -> PolicyForm.apply(PatPolicy.defaults(), Map.of("writeAllowed", List.of("yes"))));
        assertThrows(Refusal.class,
                () -> PolicyForm.apply(PatPolicy.defaults(), Map.of("expirationDays", List.of("7", "x"))));
    }
}
