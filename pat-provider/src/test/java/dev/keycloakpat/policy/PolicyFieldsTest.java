package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.lang.reflect.RecordComponent;

import org.junit.jupiter.api.Test;

/** The field table and the record describe the same fields, and every field has its console label and help. */
class PolicyFieldsTest {

    @Test
    void theTableHasOneLinePerRecordComponentInTheSameOrder() {
        assertEquals(Arrays.stream(PatPolicy.class.getRecordComponents()).map(RecordComponent::getName).toList(),
                PolicyFields.ALL.stream().map(PolicyField::name).toList());
    }

    @Test
    void theDefaultsAreValidAndEveryDefaultIsInItsBounds() {
        assertEquals(List.of(), PolicyValidator.problems(PatPolicy.defaults()));
        PolicyFields.valuesOf(PatPolicy.defaults()).forEach((name, value) ->
                assertTrue(PolicyFields.named(name).problem(value).isEmpty(), name));
    }

    @Test
    void everyFieldHasALabelAndAHelpTextInTheAdminMessages() throws Exception {
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/theme-resources/messages/messages_en.properties")) {
            messages.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        for (PolicyField f : PolicyFields.ALL) {
            assertTrue(messages.containsKey(f.messageKey()), f.messageKey());
            assertTrue(messages.containsKey(f.helpKey()), f.helpKey());
        }
    }

    @Test
    void numbersOutOfBoundsSayTheRangeAndWhatItsEndsMean() {
        assertEquals("maxAuthAgeSeconds must be between 0 (off) and 31536000 (a year)",
                PolicyFields.named("maxAuthAgeSeconds").problem(-1).orElseThrow());
        assertEquals("rotationGraceMaxSeconds must be between 0 and 2592000 (30 days)",
                PolicyFields.named("rotationGraceMaxSeconds").problem(2_592_001).orElseThrow());
        assertEquals("unusedRevokeDays must be between 0 (off) and 3650",
                PolicyFields.named("unusedRevokeDays").problem(3651).orElseThrow());
    }
}
