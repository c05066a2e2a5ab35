package dev.keycloakpat.model;

import java.util.Locale;

import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.token.PatToken;

/**
 * Filters of the realm-wide admin search: a name fragment or a token prefix, a team, a status. Built from the query
 * parameters with {@link #of}, which refuses what must not be searched for (a whole token in a URL).
 *
 * @param nameContains  lower-case fragment of the name (case-insensitive match), or null
 * @param publicIdStart leading characters of the public id (from a {@code kcpat_…} prefix), or null
 * @param teamId        team id, or null
 * @param status        {@code active} / {@code expired}, or null for both
 */
public record TokenSearch(String nameContains, String publicIdStart, String teamId, String status) {

    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final int MAX_SEARCH_LENGTH = 100;

    public static TokenSearch of(String search, String teamId, String status) {
        String name = null;
        String idStart = null;
        if (search != null && !search.isBlank()) {
            String s = search.strip();
            if (s.length() > MAX_SEARCH_LENGTH) {
                throw Refusal.invalid("invalid_request", "search can have at most " + MAX_SEARCH_LENGTH + " characters.");
            }
            if (s.startsWith(PatToken.PREFIX)) {
                String id = s.substring(PatToken.PREFIX.length());
                if (id.length() > PatToken.PUBLIC_ID_LENGTH) {
                    // a prefix is kcpat_ and at most 12 characters: anything longer holds secret characters, which
                    // must not travel in a URL (access logs, browser history)
                    throw Refusal.invalid("invalid_request", "search takes a name or a token prefix (kcpat_ and at most "
                            + PatToken.PUBLIC_ID_LENGTH + " characters). To find the owner of a whole token, POST it to …/personal-access-tokens/lookup.");
                }
                if (!id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                    throw Refusal.invalid("invalid_request", "A token prefix has only the characters 0-9, A-Z and a-z after kcpat_.");
                }
                idStart = id;
            } else {
                name = s.toLowerCase(Locale.ROOT);
            }
        }
        String st = null;
        if (status != null && !status.isBlank()) {
            st = status.strip().toLowerCase(Locale.ROOT);
            if (!st.equals(ACTIVE) && !st.equals(EXPIRED)) {
                throw Refusal.invalid("invalid_request", "status must be active or expired.");
            }
        }
        String team = teamId == null || teamId.isBlank() ? null : teamId.strip();
        return new TokenSearch(name, idStart, team, st);
    }

    public boolean isEmpty() {
        return nameContains == null && publicIdStart == null && teamId == null && status == null;
    }

    /** A LIKE pattern matching {@code fragment} literally ({@code !} escapes the wildcards and itself). */
    public static String likeLiteral(String fragment) {
        return fragment.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
