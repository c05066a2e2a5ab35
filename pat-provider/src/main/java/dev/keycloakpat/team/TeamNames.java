package dev.keycloakpat.team;

import java.util.HashMap;
import java.util.Map;

/** Looks team names up live, once per id per request. */
public final class TeamNames {

    private final Teams teams;
    private final Map<String, Team> seen = new HashMap<>();

    public TeamNames(Teams teams) {
        this.teams = teams;
    }

    /** The team, or null if it no longer exists. */
    public Team find(String teamId) {
        return seen.computeIfAbsent(teamId, id -> teams.find(id).orElse(null));
    }
}
