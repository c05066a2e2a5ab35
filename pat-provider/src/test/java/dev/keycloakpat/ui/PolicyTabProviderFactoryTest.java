package dev.keycloakpat.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import dev.keycloakpat.policy.PolicyField;
import dev.keycloakpat.policy.PolicyFields;

/** The console tab shows every policy field, typed and labelled from the field table. */
class PolicyTabProviderFactoryTest {

    private static final Map<String, ProviderConfigProperty> PROPERTIES = new PolicyTabProviderFactory()
            .getConfigProperties().stream().collect(Collectors.toMap(ProviderConfigProperty::getName, p -> p));

    @Test
    void everyPolicyFieldIsAProperty() {
        assertEquals(PolicyFields.ALL.stream().map(PolicyField::name).toList(),
                new PolicyTabProviderFactory().getConfigProperties().stream().map(ProviderConfigProperty::getName).toList());
    }

    @Test
    void propertiesAreTypedLabelledAndDefaulted() {
        ProviderConfigProperty grace = PROPERTIES.get("rotationGraceMaxSeconds");
        assertEquals(ProviderConfigProperty.INTEGER_TYPE, grace.getType());
        assertEquals("kcpatRotationGraceMaxSeconds", grace.getLabel());
        assertEquals("kcpatRotationGraceMaxSecondsHelp", grace.getHelpText());
        assertEquals("86400", grace.getDefaultValue());
        assertEquals("0", PROPERTIES.get("unusedRevokeDays").getDefaultValue());
        assertEquals(ProviderConfigProperty.LIST_TYPE, PROPERTIES.get("teamSource").getType());
        assertEquals(List.of("groups", "organizations", "none"), PROPERTIES.get("teamSource").getOptions());
        assertEquals(List.of("7", "30", "60", "90"), PROPERTIES.get("expirationDays").getDefaultValue());
        assertEquals(ProviderConfigProperty.BOOLEAN_TYPE, PROPERTIES.get("writeAllowed").getType());
        assertEquals(ProviderConfigProperty.STRING_TYPE, PROPERTIES.get("writeRole").getType());
        assertEquals(null, PROPERTIES.get("writeRole").getDefaultValue());
    }
}
