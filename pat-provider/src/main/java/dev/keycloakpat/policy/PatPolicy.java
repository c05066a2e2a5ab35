package dev.keycloakpat.policy;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A realm's PAT policy (contract §7). A plain JSON bean; {@link PolicyValidator} checks it,
 * {@link PolicyStore} keeps it in a realm attribute.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = false)
public class PatPolicy {

    public static final String TEAM_SOURCE_GROUPS = "groups";
    public static final String TEAM_SOURCE_ORGANIZATIONS = "organizations";
    public static final String TEAM_SOURCE_NONE = "none";
    /** A day in seconds: the unit of the policy's {@code ...Days} fields. */
    public static final long DAY_SECONDS = 86_400L;

    /** Expiry choices offered to users, in days. */
    public List<Integer> expirationDays = new ArrayList<>(List.of(7, 30, 60, 90));
    /** Whether a user may create a token that never expires. */
    public boolean allowNoExpiration = true;
    /** The longest lifetime of an expiring token, in days. Existing tokens beyond it stop validating. */
    public int maxLifetimeDays = 365;
    public int maxTokensPerUser = 50;
    /** Whether write tokens may be created (and, when false, whether existing write tokens stop validating). */
    public boolean writeAllowed = true;
    /** Optional role ("realm-role" or "client-id/client-role") a user needs to create and use write tokens. */
    public String writeRole;
    public String teamSource = TEAM_SOURCE_GROUPS;
    /** Optional group path whose children are the teams (for teamSource groups). */
    public String teamParentGroup;
    public int bcryptCost = 10;
    public int notifyDaysBeforeExpiry = 7;
    /** Days an expired token is kept (visible as expired) before the cleanup job deletes it. */
    public int expiredRetentionDays = 30;
    /** Client ids allowed to introspect PATs; empty means any confidential client of the realm. */
    public List<String> introspectionClients = new ArrayList<>();
    /** Requests per minute per token at the gateway check and the exchange; 0 = no limit. */
    public int rateLimitPerMinute = 0;
    /** Extra requests a token may burst above the per-minute rate; 0 = same as the rate. */
    public int rateLimitBurst = 0;
    /**
     * Creating a token needs a login at most this many seconds old (the caller's {@code auth_time}); 0 = off.
     * Older logins get 401 {@code reauthentication_required}: a stolen short-lived session token cannot mint a PAT.
     */
    public int maxAuthAgeSeconds = 3600;

    /** The longest grace a rotation may give the old token, in seconds (contract §12). */
    public int rotationGraceMaxSeconds = 86400;

    /** Days a token may go unused (never used: since creation) before the maintenance job revokes it; 0 = off. */
    public int unusedRevokeDays = 0;

    public static PatPolicy defaults() {
        return new PatPolicy();
    }

    public boolean hasTeams() {
        return !TEAM_SOURCE_NONE.equals(teamSource);
    }
}
