package dev.keycloakpat.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.keycloakpat.refusal.Refusal;

/**
 * Checks a policy before it is saved: each field against its bounds in {@link PolicyFields#ALL}, then the rules
 * between fields. Returns human-readable problems; empty means valid.
 */
public final class PolicyValidator {

    /** The error code of a refused policy. */
    public static final String INVALID_POLICY = "invalid_policy";

    private PolicyValidator() {
    }

    public static List<String> problems(PatPolicy p) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> value : PolicyFields.valuesOf(p).entrySet()) {
            PolicyFields.named(value.getKey()).problem(value.getValue()).ifPresent(out::add);
        }
        boolean lifetimeValid = PolicyFields.named("maxLifetimeDays").problem(p.maxLifetimeDays()).isEmpty();
        if (p.expirationDays().isEmpty()) {
            out.add("expirationDays must list at least one choice");
        }
        Set<Integer> seen = new HashSet<>();
        for (int d : p.expirationDays()) {
            if (d < 1) {
                out.add("expirationDays must be positive numbers of days");
            } else if (lifetimeValid && d > p.maxLifetimeDays()) {
                out.add("expirationDays choice " + d + " exceeds maxLifetimeDays " + p.maxLifetimeDays());
            } else if (!seen.add(d)) {
                out.add("expirationDays lists " + d + " twice");
            }
        }
        if (p.teamParentGroup() != null && !p.teamParentGroup().isBlank() && !p.teamParentGroup().startsWith("/")) {
            out.add("teamParentGroup must be a group path starting with /");
        }
        if (p.rateLimitPerMinute() == 0 && p.rateLimitBurst() > 0) {
            out.add("rateLimitBurst needs a rateLimitPerMinute: with no rate there is no limit to burst above");
        }
        return out;
    }

    /** The policy, unless it has problems: then an {@code invalid_policy} refusal listing them all. */
    static PatPolicy requireValid(PatPolicy policy) {
        refuseIfAny(problems(policy));
        return policy;
    }

    /** An {@code invalid_policy} refusal listing the problems, if there are any. */
    static void refuseIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw Refusal.invalid(INVALID_POLICY, String.join("; ", problems) + ".");
        }
    }
}
