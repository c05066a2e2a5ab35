package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;

/** maxAuthAgeSeconds (docs/api.md, "Security guarantees") flows through the policy like every other field. */
class MaxAuthAgePolicyTest {

    @Test
    void defaultIsAnHourAndAPolicySavedBeforeTheFieldExistedGetsTheDefault() throws Exception {
        assertEquals(3600, PatPolicy.defaults().maxAuthAgeSeconds());
        PatPolicy old = PolicyJson.read((com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"maxTokensPerUser\":5}"));
        assertEquals(3600, old.maxAuthAgeSeconds());
        assertEquals(5, old.maxTokensPerUser());
    }

    @Test
    void theAdminApiChangesItAndZeroSwitchesItOff() {
        assertEquals(300, PolicyJsonTest.apply(PatPolicy.defaults(), "{\"maxAuthAgeSeconds\":300}").maxAuthAgeSeconds());
        assertEquals(0, PolicyJsonTest.apply(PatPolicy.defaults(), "{\"maxAuthAgeSeconds\":0}").maxAuthAgeSeconds());
        assertEquals(31_536_000,
                PolicyJsonTest.apply(PatPolicy.defaults(), "{\"maxAuthAgeSeconds\":31536000}").maxAuthAgeSeconds());
    }

    @Test
    void outOfRangeAndWrongTypesAreRefusedWithTheReason() {
        for (String bad : List.of("-1", "31536001")) {
            Refusal e = assertThrows(Refusal.class,
                    () -> PolicyJsonTest.apply(PatPolicy.defaults(), "{\"maxAuthAgeSeconds\":" + bad + "}"));
            assertEquals(Refusal.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("maxAuthAgeSeconds must be between 0 (off) and 31536000"), e.getMessage());
        }
        for (String bad : List.of("\"3600\"", "1.5", "null", "true")) {
            Refusal e = assertThrows(Refusal.class,
                    () -> PolicyJsonTest.apply(PatPolicy.defaults(), "{\"maxAuthAgeSeconds\":" + bad + "}"), bad);
            assertEquals("invalid_policy", e.error());
        }
    }

    @Test
    void theConsoleTabShowsAndSavesIt() {
        PatPolicy p = PatPolicy.defaults();
        p = p.with("maxAuthAgeSeconds", 900);
        assertEquals(List.of("900"), PolicyForm.toForm(p).get("maxAuthAgeSeconds"));
        assertEquals(900, PolicyForm.apply(PatPolicy.defaults(), PolicyForm.toForm(p)).maxAuthAgeSeconds());
        assertEquals(120, PolicyForm.apply(PatPolicy.defaults(), Map.of("maxAuthAgeSeconds", List.of(" 120 "))).maxAuthAgeSeconds());
        Refusal notANumber = assertThrows(Refusal.class,
                () -> PolicyForm.apply(PatPolicy.defaults(), Map.of("maxAuthAgeSeconds", List.of("an hour"))));
        assertTrue(notANumber.getMessage().contains("maxAuthAgeSeconds must be a whole number"), notANumber.getMessage());
        Refusal negative = assertThrows(Refusal.class,
                () -> PolicyForm.apply(PatPolicy.defaults(), Map.of("maxAuthAgeSeconds", List.of("-5"))));
        assertTrue(negative.getMessage().contains("maxAuthAgeSeconds"), negative.getMessage());
    }
}
