package dev.keycloakpat.gateway;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.keycloakpat.team.RequiredTeam;

/**
 * The authorization step of the gateway check, for a token that already validated: does it satisfy the
 * proxy's {@link Requirements}? Checked in this order: team ({@code ambiguous_team} 400, {@code wrong_team} 403),
 * write ({@code read_only_token}), roles ({@code missing_role}).
 *
 * @param status      the HTTP status when refused (400 or 403), 200 when allowed
 * @param error       null when allowed, else the error code
 * @param description human text for the error body
 */
public record Decision(int status, String error, String description) {

    public static final String WRONG_TEAM = "wrong_team";
    public static final String AMBIGUOUS_TEAM = "ambiguous_team";
    public static final String READ_ONLY_TOKEN = "read_only_token";
    public static final String MISSING_ROLE = "missing_role";

    /** Longest part of a required team value repeated in an error description. */
    private static final int MAX_ECHO = 100;

    private static final Decision ALLOWED = new Decision(200, null, null);

    public boolean allowed() {
        return error == null;
    }

    /**
     * @param teamMatch whether a required team value names the token's team (see {@link RequiredTeam}); only
     *                  called when the proxy requires a team
     * @param write     whether the token may write now
     * @param hasRole   whether the token's live narrowed roles include a role key
     */
    public static Decision of(Requirements required, Function<String, RequiredTeam.Result> teamMatch, boolean write,
            Predicate<String> hasRole) {
        if (required.team() != null) {
            RequiredTeam.Result match = teamMatch.apply(required.team());
            if (match == RequiredTeam.Result.AMBIGUOUS) {
                return new Decision(400, AMBIGUOUS_TEAM, "More than one team is named \"" + echo(required.team())
                        + "\"; require the team by its id or its full path (such as /parent/" + echo(required.team()) + ").");
            }
            if (match != RequiredTeam.Result.MATCH) {
                return new Decision(403, WRONG_TEAM, "This token is not for the required team.");
            }
        }
        if (required.write() && !write) {
            return new Decision(403, READ_ONLY_TOKEN, "This is a read-only token; " + required.method() + " needs a write token.");
        }
        List<String> missing = required.roles().stream().filter(r -> !hasRole.test(r)).sorted().toList();
        if (!missing.isEmpty()) {
            return new Decision(403, MISSING_ROLE, "This token lacks the required role(s): " + String.join(", ", missing) + ".");
        }
        return ALLOWED;
    }

    private static String echo(String value) {
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…";
    }
}
