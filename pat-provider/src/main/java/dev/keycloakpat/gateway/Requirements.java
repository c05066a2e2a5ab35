package dev.keycloakpat.gateway;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the proxy asks of the token, from the optional request headers (docs/api.md, "Gateway check").
 * Each of {@code X-Required-Team} and {@code X-Forwarded-Method} comes at most once (a repeated one is refused
 * before this, see {@link AmbiguousRequest}).
 *
 * @param team   {@code X-Required-Team}: a team id, full group path or name, or null (see {@code RequiredTeam})
 * @param roles  {@code X-Required-Role}: role keys ("realm-role" or "client-id/client-role"), repeatable or
 *               comma-separated, all required
 * @param write  whether a write token is needed: when the method named by {@code X-Forwarded-Method} OR the check
 *               request's own method (proxies such as Envoy's HTTP ext_authz call the check with the original
 *               method) is other than GET, HEAD and OPTIONS. Either one being a write is enough, so a
 *               {@code POST /check} with {@code X-Forwarded-Method: GET} still needs a write token.
 * @param method the method that decided: the write one when there is one, else the forwarded one, else the own one
 */
public record Requirements(String team, Set<String> roles, boolean write, String method) {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    public static Requirements from(List<String> team, List<String> roles, List<String> forwardedMethod) {
        return from(team, roles, forwardedMethod, null);
    }

    /** @param ownMethod the check request's own method */
    public static Requirements from(List<String> team, List<String> roles, List<String> forwardedMethod, String ownMethod) {
        String requiredTeam = firstNonBlank(team);
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
        String forwarded = upper(firstNonBlank(forwardedMethod));
        String own = upper(ownMethod == null || ownMethod.isBlank() ? null : ownMethod.trim());
        String method;
        if (isWrite(forwarded)) {
            method = forwarded;
        } else if (isWrite(own)) {
            method = own;
        } else {
            method = forwarded != null ? forwarded : own;
        }
        return new Requirements(requiredTeam, Set.copyOf(requiredRoles), isWrite(method), method);
    }

    private static boolean isWrite(String method) {
        return method != null && !READ_METHODS.contains(method);
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static String firstNonBlank(List<String> values) {
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        }
        return null;
    }
}
