package dev.keycloakpat.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy as a form of string values (what the admin console's realm-settings tab stores in its component
 * config: every value a list of strings) and back, field by field as {@link PolicyFields#ALL} says. Free of
 * Keycloak types so unit tests reach it. Keys that are not policy fields (the console adds its route parameters,
 * e.g. {@code realm} and {@code tab}) are ignored; a field left out keeps the current value.
 */
public final class PolicyForm {

    private PolicyForm() {
    }

    /** The policy as form values. */
    public static Map<String, List<String>> toForm(PatPolicy p) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        PolicyFields.valuesOf(p).forEach((name, value) -> form.put(name, PolicyFields.named(name).toForm(value)));
        return form;
    }

    /** The current policy with the form's values applied and validated, or an {@code invalid_policy} refusal. */
    public static PatPolicy apply(PatPolicy current, Map<String, List<String>> form) {
        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (PolicyField field : PolicyFields.ALL) {
            if (form.containsKey(field.name())) {
                try {
                    changes.put(field.name(), field.fromForm(form.get(field.name())));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        PolicyValidator.refuseIfAny(problems);
        return PolicyValidator.requireValid(PolicyFields.with(current, changes));
    }
}
