package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.refusal.Refusal;

class PolicyJsonTest {

    /** A change as the admin API receives it, merged onto {@code current}. */
    static PatPolicy apply(PatPolicy current, String json) {
        try {
            return PolicyJson.merge(current, (ObjectNode) new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void givenFieldsChangeAndTheOthersKeepTheirValues() {
        PatPolicy current = PatPolicy.defaults();
        current = current.with("maxTokensPerUser", 7);
        PatPolicy updated = apply(current, "{\"maxLifetimeDays\":90,\"writeAllowed\":false}");
        assertEquals(90, updated.maxLifetimeDays());
        assertEquals(false, updated.writeAllowed());
        assertEquals(7, updated.maxTokensPerUser());
        assertEquals(List.of(7, 30, 60, 90), updated.expirationDays());
    }

    @Test
    void theCurrentPolicyIsNeverModified() {
        PatPolicy current = PatPolicy.defaults();
        apply(current, "{\"maxLifetimeDays\":90}");
        assertEquals(365, current.maxLifetimeDays());
        assertThrows(Refusal.class, () -> apply(current, "{\"maxLifetimeDays\":0}"));
        assertEquals(365, current.maxLifetimeDays());
    }

    @Test
    void invalidValuesAreRefusedWithEveryProblem() {
        Refusal e = assertThrows(Refusal.class,
                () -> apply(PatPolicy.defaults(), "{\"maxLifetimeDays\":30,\"bcryptCost\":99}"));
        assertEquals(Refusal.Kind.INVALID, e.kind());
        assertEquals("invalid_policy", e.error());
        assertTrue(e.getMessage().contains("expirationDays choice 60 exceeds maxLifetimeDays 30"), e.getMessage());
        assertTrue(e.getMessage().contains("bcryptCost"), e.getMessage());
    }

    @Test
    void unknownFieldsAreRefused() {
        Refusal e = assertThrows(Refusal.class,
                () -> apply(PatPolicy.defaults(), "{\"maxLifetimeDay\":30}"));
        assertEquals("invalid_policy", e.error());
        assertTrue(e.getMessage().contains("maxLifetimeDay"), e.getMessage());
    }

    @Test
    void wrongTypesAreRefusedNotCoerced() {
        for (String body : List.of("{\"maxLifetimeDays\":\"90\"}", "{\"writeAllowed\":\"false\"}",
                "{\"maxLifetimeDays\":null}", "{\"maxLifetimeDays\":9.5}", "{\"expirationDays\":7}",
                "{\"teamSource\":5}")) {
            Refusal e = assertThrows(Refusal.class, () -> apply(PatPolicy.defaults(), body), body);
            assertEquals("invalid_policy", e.error(), body);
        }
    }

    @Test
    void theJsonHasEveryFieldInTableOrderAndReadsBack() {
        ObjectNode json = PolicyJson.toJson(PatPolicy.defaults().with("writeRole", "writer"));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(PolicyFields.ALL.stream().map(PolicyField::name).toList(), names);
        assertEquals("writer", json.path("writeRole").asText());
        assertTrue(json.path("teamParentGroup").isNull(), "an unset optional text is null, not left out");
        assertEquals(PatPolicy.defaults().with("writeRole", "writer"), PolicyJson.read(json));
    }

    @Test
    void aPolicyStoredByAnOlderVersionReadsWithTheDefaultsOfNewerFields() throws IOException {
        // 0.1.0 stored no maxAuthAgeSeconds, rotationGraceMaxSeconds or unusedRevokeDays
        String stored = "{\"expirationDays\":[7,30],\"allowNoExpiration\":false,\"maxLifetimeDays\":30,"
                + "\"maxTokensPerUser\":5,\"writeAllowed\":true,\"writeRole\":null,\"teamSource\":\"none\","
                + "\"teamParentGroup\":null,\"bcryptCost\":11,\"notifyDaysBeforeExpiry\":3,\"expiredRetentionDays\":9,"
                + "\"introspectionClients\":[\"api\"],\"rateLimitPerMinute\":60,\"rateLimitBurst\":5}";
        PatPolicy p = PolicyJson.read((ObjectNode) new ObjectMapper().readTree(stored));
        assertEquals(List.of(7, 30), p.expirationDays());
        assertEquals(30, p.maxLifetimeDays());
        assertEquals(List.of("api"), p.introspectionClients());
        assertEquals(3600, p.maxAuthAgeSeconds());
        assertEquals(86400, p.rotationGraceMaxSeconds());
        assertEquals(0, p.unusedRevokeDays());
        assertThrows(IllegalArgumentException.class,
                () -> PolicyJson.read((ObjectNode) new ObjectMapper().readTree("{\"noSuchField\":1}")));
    }

    @Test
    void blankOptionalStringsMeanNone() {
        PatPolicy updated = apply(PatPolicy.defaults(), "{\"writeRole\":\"  \",\"teamParentGroup\":\"\"}");
        assertNull(updated.writeRole());
        assertNull(updated.teamParentGroup());
    }

    @Test
    void anOutOfRangeLifetimeIsOneProblemNotOnePerChoice() {
        Refusal e = assertThrows(Refusal.class,
                () -> apply(PatPolicy.defaults(), "{\"maxLifetimeDays\":0}"));
        assertEquals("maxLifetimeDays must be between 1 and 3650.", e.getMessage());
    }
}
