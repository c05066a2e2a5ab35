package dev.keycloakpat.gateway;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the proxy asks of the token, from the optional request headers of contract §9.
 *
 * @param team  {@code X-Required-Team}: a team id or name, or null
 * @param roles {@code X-Required-Role}: role keys ("realm-role" or "client-id/client-role"), repeatable or
 *              comma-separated, all required
 * @param write whether {@code X-Forwarded-Method} names a method other than GET, HEAD and OPTIONS
 *              (absent means a read: the check itself is a GET)
 */
public record Requirements(String team, Set<String> roles, boolean write, String method) {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    public static Requirements from(List<String> team, List<String> roles, List<String> forwardedMethod) {
        String requiredTeam = null;
        if (team != null) {
            for (String t : team) {
                if (t != null && !t.isBlank()) {
                    requiredTeam = t.trim();
                    break;
                }
            }
        }
        Set<String> requiredRoles = new LinkedHashSet<>();
        if (roles != null) {
            for (String value : roles) {
                if (value == null) {
                    continue;
                }
                for (String r : value.split(",")) {
                    if (!r.isBlank()) {
                        requiredRoles.add(r.trim());
                    }
                }
            }
        }
        String method = null;
        if (forwardedMethod != null) {
            for (String m : forwardedMethod) {
                if (m != null && !m.isBlank()) {
                    method = m.trim().toUpperCase(Locale.ROOT);
                    break;
                }
            }
        }
        boolean write = method != null && !READ_METHODS.contains(method);
        return new Requirements(requiredTeam, Set.copyOf(requiredRoles), write, method);
    }
}
