package dev.keycloakpat.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.keycloakpat.token.SecretHasher;

/** Checks a policy before it is saved. Returns human-readable problems; empty means valid. */
public final class PolicyValidator {

    /** The largest maxAuthAgeSeconds: a year. */
    public static final int MAX_AUTH_AGE_SECONDS = 31_536_000;

    private PolicyValidator() {
    }

    public static List<String> problems(PatPolicy p) {
        List<String> out = new ArrayList<>();
        boolean lifetimeValid = p.maxLifetimeDays >= 1 && p.maxLifetimeDays <= 3650;
        if (!lifetimeValid) {
            out.add("maxLifetimeDays must be between 1 and 3650");
        }
        if (p.expirationDays == null || p.expirationDays.isEmpty()) {
            out.add("expirationDays must list at least one choice");
        } else {
            Set<Integer> seen = new HashSet<>();
            for (Integer d : p.expirationDays) {
                if (d == null || d < 1) {
                    out.add("expirationDays must be positive numbers of days");
                } else if (lifetimeValid && d > p.maxLifetimeDays) {
                    out.add("expirationDays choice " + d + " exceeds maxLifetimeDays " + p.maxLifetimeDays);
                } else if (!seen.add(d)) {
                    out.add("expirationDays lists " + d + " twice");
                }
            }
        }
        if (p.maxTokensPerUser < 1 || p.maxTokensPerUser > 10000) {
            out.add("maxTokensPerUser must be between 1 and 10000");
        }
        if (p.teamSource == null || !Set.of(PatPolicy.TEAM_SOURCE_GROUPS, PatPolicy.TEAM_SOURCE_ORGANIZATIONS,
                PatPolicy.TEAM_SOURCE_NONE).contains(p.teamSource)) {
            out.add("teamSource must be one of groups, organizations, none");
        }
        if (p.teamParentGroup != null && !p.teamParentGroup.isBlank() && !p.teamParentGroup.startsWith("/")) {
            out.add("teamParentGroup must be a group path starting with /");
        }
        if (p.bcryptCost < SecretHasher.MIN_COST || p.bcryptCost > SecretHasher.MAX_COST) {
            out.add("bcryptCost must be between " + SecretHasher.MIN_COST + " and " + SecretHasher.MAX_COST);
        }
        if (p.notifyDaysBeforeExpiry < 0 || p.notifyDaysBeforeExpiry > 365) {
            out.add("notifyDaysBeforeExpiry must be between 0 (off) and 365");
        }
        if (p.expiredRetentionDays < 0 || p.expiredRetentionDays > 3650) {
            out.add("expiredRetentionDays must be between 0 and 3650");
        }
        if (p.unusedRevokeDays < 0 || p.unusedRevokeDays > 3650) {
            out.add("unusedRevokeDays must be between 0 (off) and 3650");
        }
        if (p.rotationGraceMaxSeconds < 0 || p.rotationGraceMaxSeconds > 30 * 86400) {
            out.add("rotationGraceMaxSeconds must be between 0 and 2592000 (30 days)");
        }
        if (p.rateLimitPerMinute < 0 || p.rateLimitPerMinute > 1_000_000) {
            out.add("rateLimitPerMinute must be between 0 (off) and 1000000");
        }
        if (p.rateLimitBurst < 0 || p.rateLimitBurst > 1_000_000) {
            out.add("rateLimitBurst must be between 0 and 1000000");
        }
        if (p.rateLimitPerMinute == 0 && p.rateLimitBurst > 0) {
            out.add("rateLimitBurst needs a rateLimitPerMinute: with no rate there is no limit to burst above");
        }
        if (p.maxAuthAgeSeconds < 0 || p.maxAuthAgeSeconds > MAX_AUTH_AGE_SECONDS) {
            out.add("maxAuthAgeSeconds must be between 0 (off) and " + MAX_AUTH_AGE_SECONDS + " (a year)");
        }
        if (p.introspectionClients == null) {
            out.add("introspectionClients must be a list (empty for any confidential client)");
        }
        return out;
    }
}
