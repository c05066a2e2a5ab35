package dev.keycloakpat.gateway;

import java.util.List;
import java.util.function.Predicate;

import dev.keycloakpat.team.Team;

/**
 * The authorization step of the gateway check, for a token that already validated: does it satisfy the
 * proxy's {@link Requirements}? Checked in this order: team ({@code wrong_team}), write
 * ({@code read_only_token}), roles ({@code missing_role}).
 *
 * @param error       null when allowed, else the 403 error code
 * @param description human text for the 403 body
 */
public record Decision(String error, String description) {

    public static final String WRONG_TEAM = "wrong_team";
    public static final String READ_ONLY_TOKEN = "read_only_token";
    public static final String MISSING_ROLE = "missing_role";

    private static final Decision ALLOWED = new Decision(null, null);

    public boolean allowed() {
        return error == null;
    }

    /**
     * @param team     the token's team (null in a realm without teams)
     * @param write    whether the token may write now
     * @param hasRole  whether the token's live narrowed roles include a role key
     */
    public static Decision of(Requirements required, Team team, boolean write, Predicate<String> hasRole) {
        if (required.team() != null
                && (team == null || !(required.team().equals(team.id()) || required.team().equals(team.name())))) {
            return new Decision(WRONG_TEAM, "This token is not for the required team.");
        }
        if (required.write() && !write) {
            return new Decision(READ_ONLY_TOKEN, "This is a read-only token; " + required.method() + " needs a write token.");
        }
        List<String> missing = required.roles().stream().filter(r -> !hasRole.test(r)).sorted().toList();
        if (!missing.isEmpty()) {
            return new Decision(MISSING_ROLE, "This token lacks the required role(s): " + String.join(", ", missing) + ".");
        }
        return ALLOWED;
    }
}
