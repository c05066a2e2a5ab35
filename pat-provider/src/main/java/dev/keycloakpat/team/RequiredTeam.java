package dev.keycloakpat.team;

/**
 * Does an {@code X-Required-Team} value name the token's team (docs/api.md, "Security guarantees")? A value matches
 * when it is
 * <ol>
 * <li>the team's id,</li>
 * <li>for group teams, the team's full group path ({@code /eng/platform}, as Keycloak builds it), or</li>
 * <li>the team's bare name, and no other team of the realm has that name.</li>
 * </ol>
 * A value that does not start with {@code /} and that several teams carry as their name is {@link Result#AMBIGUOUS}
 * whatever the token (the proxy's configuration is what is wrong, so every token gets the same answer).
 * Names and paths compare exactly (case-sensitive), like Keycloak's group paths.
 */
public final class RequiredTeam {

    public enum Result {
        /** The value names the token's team. */
        MATCH,
        /** The value names another team, or nothing. */
        OTHER,
        /** The value is a bare name that more than one team of the realm carries. */
        AMBIGUOUS
    }

    /** What the check needs to know about the realm's teams; {@link Teams} implements it with live lookups. */
    public interface Directory {

        /** The team's full path when teams are groups, else null (organizations have no path). */
        default String pathOf(Team team) {
            return null;
        }

        /**
         * Whether more than one team of the realm has exactly this name. Organizations have unique names, and so have
         * the children of one group: only group teams at any depth can share one.
         */
        default boolean nameIsShared(String name) {
            return false;
        }
    }

    private RequiredTeam() {
    }

    /**
     * @param required the header value, trimmed, not blank
     * @param team     the token's team, or null when the realm has no teams (never a match then)
     */
    public static Result check(String required, Team team, Directory teams) {
        if (team != null && required.equals(team.id())) {
            return Result.MATCH;
        }
        if (required.startsWith("/")) {
            return team != null && required.equals(teams.pathOf(team)) ? Result.MATCH : Result.OTHER;
        }
        if (teams.nameIsShared(required)) {
            return Result.AMBIGUOUS;
        }
        return team != null && required.equals(team.name()) ? Result.MATCH : Result.OTHER;
    }
}
