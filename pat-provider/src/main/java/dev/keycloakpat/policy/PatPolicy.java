package dev.keycloakpat.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A realm's PAT policy (docs/api.md, "Admin API and policy"): an immutable value. Each component is one row of
 * {@link PolicyFields#ALL} (same name, same order), which gives its default, bounds, JSON and form conversion and
 * console label; {@link PolicyValidator} checks it, {@link PolicyStore} keeps it in a realm attribute.
 *
 * @param expirationDays          expiry choices offered to users, in days
 * @param allowNoExpiration       whether a user may create a token that never expires
 * @param maxLifetimeDays         the longest lifetime of an expiring token; existing tokens beyond it stop validating
 * @param maxTokensPerUser        how many unexpired tokens one user may have
 * @param writeAllowed            whether write tokens may be created (when false, existing ones stop validating)
 * @param writeRole               optional role ("realm-role" or "client-id/client-role") needed for write tokens
 * @param teamSource              where teams come from: {@link #TEAM_SOURCE_GROUPS}, organizations or none
 * @param teamParentGroup         optional group path whose children are the teams (for teamSource groups)
 * @param bcryptCost              the hashing cost of new tokens
 * @param notifyDaysBeforeExpiry  days before expiry the owner gets a reminder; 0 = off
 * @param expiredRetentionDays    days an expired token is kept (visible as expired) before it is deleted
 * @param introspectionClients    client ids allowed to introspect PATs; empty = any confidential client of the realm
 * @param rateLimitPerMinute      requests per minute per token at the gateway check and the exchange; 0 = no limit
 * @param rateLimitBurst          extra requests a token may burst above the rate; 0 = same as the rate
 * @param maxAuthAgeSeconds       creating a token needs a login at most this old ({@code auth_time}); 0 = off
 * @param rotationGraceMaxSeconds the longest grace a rotation may give the old token (docs/api.md, "Rotation and self")
 * @param unusedRevokeDays        days a token may go unused before the maintenance job revokes it; 0 = off
 */
public record PatPolicy(List<Integer> expirationDays, boolean allowNoExpiration, int maxLifetimeDays,
                        int maxTokensPerUser, boolean writeAllowed, String writeRole, String teamSource,
                        String teamParentGroup, int bcryptCost, int notifyDaysBeforeExpiry, int expiredRetentionDays,
                        List<String> introspectionClients, int rateLimitPerMinute, int rateLimitBurst,
                        int maxAuthAgeSeconds, int rotationGraceMaxSeconds, int unusedRevokeDays) {

    public static final String TEAM_SOURCE_GROUPS = "groups";
    public static final String TEAM_SOURCE_ORGANIZATIONS = "organizations";
    public static final String TEAM_SOURCE_NONE = "none";
    /** A day in seconds: the unit of the policy's {@code ...Days} fields. */
    public static final long DAY_SECONDS = 86_400L;

    public PatPolicy {
        expirationDays = List.copyOf(expirationDays);
        introspectionClients = List.copyOf(introspectionClients);
    }

    public static PatPolicy defaults() {
        return PolicyFields.DEFAULTS;
    }

    /** This policy with one field changed (by its name in {@link PolicyFields#ALL}). */
    public PatPolicy with(String field, Object value) {
        Map<String, Object> change = new HashMap<>();
        change.put(field, value);
        return PolicyFields.with(this, change);
    }
}
