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
 * @param write whether the proxied request's method is other than GET, HEAD and OPTIONS: the method named by
 *              {@code X-Forwarded-Method}, or else the check request's own method (proxies such as Envoy's HTTP
 *              ext_authz call the check with the original method); a plain GET check is a read
 */
public record Requirements(String team, Set<String> roles, boolean write, String method) {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    public static Requirements from(List<String> team, List<String> roles, List<String> forwardedMethod) {
        return from(team, roles, forwardedMethod, null);
    }

    /** @param ownMethod the check request's own method, used when there is no X-Forwarded-Method */
    public static Requirements from(List<String> team, List<String> roles, List<String> forwardedMethod, String ownMethod) {
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
        if (method == null && ownMethod != null && !ownMethod.isBlank()) {
            method = ownMethod.trim().toUpperCase(Locale.ROOT);
        }
        boolean write = method != null && !READ_METHODS.contains(method);
        return new Requirements(requiredTeam, Set.copyOf(requiredRoles), write, method);
    }
}
