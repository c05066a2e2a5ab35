package dev.keycloakpat.policy;

import static dev.keycloakpat.policy.PolicyField.Type.NUMBERS;
import static dev.keycloakpat.policy.PolicyField.Type.SWITCH;
import static dev.keycloakpat.policy.PolicyField.Type.TEXT;
import static dev.keycloakpat.policy.PolicyField.Type.TEXTS;
import static dev.keycloakpat.policy.PolicyField.choice;
import static dev.keycloakpat.policy.PolicyField.number;
import static dev.keycloakpat.policy.PolicyField.of;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.keycloakpat.token.SecretHasher;

/**
 * The policy's field table: one line per field, in the order of {@link PatPolicy}'s components (which is the
 * order of the JSON). Parsing ({@link PolicyJson}, {@link PolicyForm}), checking ({@link PolicyValidator}) and the
 * admin console's policy tab all read it: a new policy field is a component of {@link PatPolicy}, one line here and
 * its label and help text in the theme's messages.
 */
public final class PolicyFields {

    /** A day in seconds, as an {@code int} for the field table. */
    private static final int DAY = (int) PatPolicy.DAY_SECONDS;

    /** The largest maxAuthAgeSeconds: a year. */
    public static final int MAX_AUTH_AGE_SECONDS = 31_536_000;

    public static final List<PolicyField> ALL = List.of(
            of("expirationDays", NUMBERS, List.of(7, 30, 60, 90), "kcpatExpirationDays"),
            of("allowNoExpiration", SWITCH, true, "kcpatAllowNoExpiration"),
            number("maxLifetimeDays", 365, 1, 3650, "kcpatMaxLifetimeDays"),
            number("maxTokensPerUser", 50, 1, 10_000, "kcpatMaxTokensPerUser"),
            of("writeAllowed", SWITCH, true, "kcpatWriteAllowed"),
            of("writeRole", TEXT, null, "kcpatWriteRole"),
            choice("teamSource", PatPolicy.TEAM_SOURCE_GROUPS, List.of(PatPolicy.TEAM_SOURCE_GROUPS,
                    PatPolicy.TEAM_SOURCE_ORGANIZATIONS, PatPolicy.TEAM_SOURCE_NONE), "kcpatTeamSource"),
            of("teamParentGroup", TEXT, null, "kcpatTeamParentGroup"),
            number("bcryptCost", 10, SecretHasher.MIN_COST, SecretHasher.MAX_COST, "kcpatBcryptCost"),
            number("notifyDaysBeforeExpiry", 7, 0, 365, "kcpatNotifyDaysBeforeExpiry").meaning("off", null),
            number("expiredRetentionDays", 30, 0, 3650, "kcpatExpiredRetentionDays"),
            of("introspectionClients", TEXTS, List.of(), "kcpatIntrospectionClients"),
            number("rateLimitPerMinute", 0, 0, 1_000_000, "kcpatRateLimitPerMinute").meaning("off", null),
            number("rateLimitBurst", 0, 0, 1_000_000, "kcpatRateLimitBurst"),
            number("maxAuthAgeSeconds", 3600, 0, MAX_AUTH_AGE_SECONDS, "kcpatMaxAuthAgeSeconds").meaning("off", "a year"),
            number("rotationGraceMaxSeconds", DAY, 0, 30 * DAY, "kcpatRotationGraceMaxSeconds").meaning(null, "30 days"),
            number("unusedRevokeDays", 0, 0, 3650, "kcpatUnusedRevokeDays").meaning("off", null));

    private static final Map<String, PolicyField> BY_NAME = byName();
    private static final RecordComponent[] COMPONENTS = PatPolicy.class.getRecordComponents();
    private static final Constructor<PatPolicy> CONSTRUCTOR = canonicalConstructor();

    static final PatPolicy DEFAULTS = policyOf(defaultValues());

    private PolicyFields() {
    }

    /** The field of this name, or null. */
    public static PolicyField named(String name) {
        return BY_NAME.get(name);
    }

    /** The policy's values by field name, in table order. */
    public static Map<String, Object> valuesOf(PatPolicy policy) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent c : COMPONENTS) {
            try {
                values.put(c.getName(), c.getAccessor().invoke(policy));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    /** The policy with the changed values (by field name) replacing its own. */
    public static PatPolicy with(PatPolicy policy, Map<String, Object> changes) {
        Map<String, Object> values = valuesOf(policy);
        changes.forEach((name, value) -> {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("No policy field " + name);
            }
            values.put(name, value);
        });
        return policyOf(values);
    }

    private static PatPolicy policyOf(Map<String, Object> values) {
        Object[] args = Arrays.stream(COMPONENTS).map(c -> values.get(c.getName())).toArray();
        try {
            return CONSTRUCTOR.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot build a policy of " + values, e);
        }
    }

    private static Map<String, Object> defaultValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        ALL.forEach(f -> values.put(f.name(), f.defaultValue()));
        return values;
    }

    private static Map<String, PolicyField> byName() {
        Map<String, PolicyField> map = new LinkedHashMap<>();
        ALL.forEach(f -> map.put(f.name(), f));
        return map;
    }

    private static Constructor<PatPolicy> canonicalConstructor() {
        try {
            return PatPolicy.class.getDeclaredConstructor(
                    Arrays.stream(PatPolicy.class.getRecordComponents()).map(RecordComponent::getType).toArray(Class[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
