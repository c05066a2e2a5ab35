package dev.keycloakpat.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.keycloakpat.refusal.Refusal;

/**
 * The policy as a form of string values (what the admin console's realm-settings tab stores in its component
 * config: every value a list of strings) and back. Free of Keycloak types so unit tests reach it.
 * Keys that are not policy fields (the console adds its route parameters, e.g. {@code realm} and {@code tab})
 * are ignored; a field left out keeps the current value.
 */
public final class PolicyForm {

    public static final List<String> INT_FIELDS = List.of("maxLifetimeDays", "maxTokensPerUser", "bcryptCost",
            "notifyDaysBeforeExpiry", "expiredRetentionDays", "rateLimitPerMinute", "rateLimitBurst", "maxAuthAgeSeconds");
    public static final List<String> BOOLEAN_FIELDS = List.of("allowNoExpiration", "writeAllowed");
    public static final List<String> STRING_FIELDS = List.of("writeRole", "teamSource", "teamParentGroup");
    public static final List<String> LIST_FIELDS = List.of("expirationDays", "introspectionClients");

    private PolicyForm() {
    }

    /** The policy as form values. */
    public static Map<String, List<String>> toForm(PatPolicy p) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("expirationDays", p.expirationDays == null ? List.of() : p.expirationDays.stream().map(String::valueOf).toList());
        form.put("allowNoExpiration", List.of(String.valueOf(p.allowNoExpiration)));
        form.put("maxLifetimeDays", List.of(String.valueOf(p.maxLifetimeDays)));
        form.put("maxTokensPerUser", List.of(String.valueOf(p.maxTokensPerUser)));
        form.put("writeAllowed", List.of(String.valueOf(p.writeAllowed)));
        form.put("writeRole", p.writeRole == null ? List.of() : List.of(p.writeRole));
        form.put("teamSource", List.of(p.teamSource));
        form.put("teamParentGroup", p.teamParentGroup == null ? List.of() : List.of(p.teamParentGroup));
        form.put("bcryptCost", List.of(String.valueOf(p.bcryptCost)));
        form.put("notifyDaysBeforeExpiry", List.of(String.valueOf(p.notifyDaysBeforeExpiry)));
        form.put("expiredRetentionDays", List.of(String.valueOf(p.expiredRetentionDays)));
        form.put("introspectionClients", p.introspectionClients == null ? List.of() : List.copyOf(p.introspectionClients));
        form.put("rateLimitPerMinute", List.of(String.valueOf(p.rateLimitPerMinute)));
        form.put("rateLimitBurst", List.of(String.valueOf(p.rateLimitBurst)));
        form.put("maxAuthAgeSeconds", List.of(String.valueOf(p.maxAuthAgeSeconds)));
        return form;
    }

    /** The current policy with the form's values applied and validated, or a 400 {@code invalid_policy}. */
    public static PatPolicy apply(PatPolicy current, Map<String, List<String>> form) {
        PatPolicy p = PolicyUpdate.copy(current);
        List<String> problems = new ArrayList<>();
        for (String field : INT_FIELDS) {
            if (form.containsKey(field)) {
                String value = first(form.get(field));
                try {
                    int n = Integer.parseInt(value == null ? "" : value.strip());
                    switch (field) {
                        case "maxLifetimeDays" -> p.maxLifetimeDays = n;
                        case "maxTokensPerUser" -> p.maxTokensPerUser = n;
                        case "bcryptCost" -> p.bcryptCost = n;
                        case "notifyDaysBeforeExpiry" -> p.notifyDaysBeforeExpiry = n;
                        case "expiredRetentionDays" -> p.expiredRetentionDays = n;
                        case "rateLimitPerMinute" -> p.rateLimitPerMinute = n;
                        case "maxAuthAgeSeconds" -> p.maxAuthAgeSeconds = n;
                        default -> p.rateLimitBurst = n;
                    }
                } catch (NumberFormatException e) {
                    problems.add(field + " must be a whole number");
                }
            }
        }
        for (String field : BOOLEAN_FIELDS) {
            if (form.containsKey(field)) {
                String value = first(form.get(field));
                if (!"true".equals(value) && !"false".equals(value)) {
                    problems.add(field + " must be on or off");
                } else if (field.equals("allowNoExpiration")) {
                    p.allowNoExpiration = Boolean.parseBoolean(value);
                } else {
                    p.writeAllowed = Boolean.parseBoolean(value);
                }
            }
        }
        if (form.containsKey("writeRole")) {
            p.writeRole = blankToNull(first(form.get("writeRole")));
        }
        if (form.containsKey("teamSource")) {
            p.teamSource = blankToNull(first(form.get("teamSource")));
        }
        if (form.containsKey("teamParentGroup")) {
            p.teamParentGroup = blankToNull(first(form.get("teamParentGroup")));
        }
        if (form.containsKey("expirationDays")) {
            List<Integer> days = new ArrayList<>();
            for (String value : nonBlank(form.get("expirationDays"))) {
                try {
                    days.add(Integer.parseInt(value.strip()));
                } catch (NumberFormatException e) {
                    problems.add("expirationDays must be whole numbers of days");
                    break;
                }
            }
            p.expirationDays = days.stream().sorted().toList();
        }
        if (form.containsKey("introspectionClients")) {
            p.introspectionClients = new ArrayList<>(nonBlank(form.get("introspectionClients")).stream().map(String::strip).toList());
        }
        if (problems.isEmpty()) {
            problems.addAll(PolicyValidator.problems(p));
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalid(PolicyUpdate.INVALID_POLICY, String.join("; ", problems) + ".");
        }
        return p;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
