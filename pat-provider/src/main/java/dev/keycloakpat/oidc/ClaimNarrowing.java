package dev.keycloakpat.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters the claims that protocol mappers and client scopes put into a JWT derived from a PAT, so that the token
 * names no role, group or organization outside the PAT's live narrowed roles and its team
 * (docs/api.md, "Security guarantees"). Plain logic over the token's claim map, so unit tests reach it;
 * {@code PatTokenPostProcessor} feeds it.
 *
 * <ul>
 *   <li>role mappers (realm and client role): their claim keeps only the allowed roles (with the mapper's prefix);</li>
 *   <li>group membership: only the token's team group (by full path or name, as the mapper writes it);</li>
 *   <li>organization membership: only the token's team organization;</li>
 *   <li>mappers that name no role, group or organization (user attributes and properties, full name, address,
 *       audience, acr/amr, hard-coded claims, session notes, sub, origins...): kept as they are;</li>
 *   <li>any other mapper (scripts, organization groups, parameterized scopes, third-party mappers): its claim is
 *       removed, since what it names cannot be checked.</li>
 * </ul>
 */
public final class ClaimNarrowing {

    static final String REALM_ROLE = "oidc-usermodel-realm-role-mapper";
    static final String CLIENT_ROLE = "oidc-usermodel-client-role-mapper";
    static final String GROUP = "oidc-group-membership-mapper";
    static final String ORGANIZATION = "oidc-organization-membership-mapper";

    /** Mapper types whose claims name no role, group or organization. */
    static final Set<String> NEUTRAL = Set.of(
            "oidc-acr-mapper", "oidc-address-mapper", "oidc-allowed-origins-mapper", "oidc-amr-mapper",
            "oidc-audience-mapper", "oidc-audience-resolve-mapper", "oidc-claims-param-token-mapper",
            "oidc-claims-param-value-idtoken-mapper", "oidc-full-name-mapper", "oidc-hardcoded-claim-mapper",
            "oidc-nonce-backwards-compatible-mapper", "oidc-session-state-mapper", "oidc-sub-mapper",
            "oidc-usermodel-attribute-mapper", "oidc-usermodel-property-mapper", "oidc-usersessionmodel-note-mapper",
            "sha256",
            // these two only change realm_access/resource_access, which the extension rewrites anyway
            "oidc-hardcoded-role-mapper", "oidc-role-name-mapper");

    /** A mapper that applied to the token: its type, its claim path (split like Keycloak does) and its config. */
    public record Mapper(String type, List<String> claimPath, Map<String, String> config) {
    }

    /**
     * What the token may name.
     *
     * @param realmRoles   allowed realm role names
     * @param clientRoles  allowed client roles by client id
     * @param teamGroupPath the team's group path ("/eng/platform") when teams are groups, else null
     * @param teamOrgAlias  the team organization's alias when teams are organizations, else null
     */
    public record Allowed(Set<String> realmRoles, Map<String, Set<String>> clientRoles, String teamGroupPath,
                          String teamOrgAlias) {
    }

    private ClaimNarrowing() {
    }

    public static void apply(Map<String, Object> claims, Collection<Mapper> mappers, Allowed allowed) {
        for (Mapper m : mappers) {
            if (m.claimPath() == null || m.claimPath().isEmpty() || NEUTRAL.contains(m.type())) {
                continue;
            }
            switch (m.type()) {
                case REALM_ROLE -> keepOnly(claims, m.claimPath(), 0,
                        prefixed(allowed.realmRoles(), m.config().get("usermodel.realmRoleMapping.rolePrefix")));
                case CLIENT_ROLE -> narrowClientRoles(claims, m, allowed);
                case GROUP -> keepOnly(claims, m.claimPath(), 0, groupValues(m, allowed));
                case ORGANIZATION -> keepOnly(claims, m.claimPath(), 0,
                        allowed.teamOrgAlias() == null ? Set.of() : Set.of(allowed.teamOrgAlias()));
                default -> remove(claims, m.claimPath(), 0);
            }
        }
    }

    private static void narrowClientRoles(Map<String, Object> claims, Mapper m, Allowed allowed) {
        String prefix = m.config().get("usermodel.clientRoleMapping.rolePrefix");
        String client = m.config().get("usermodel.clientRoleMapping.clientId");
        Set<String> values = new HashSet<>();
        if (client != null && !client.isBlank()) {
            values.addAll(prefixed(allowed.clientRoles().getOrDefault(client, Set.of()), prefix));
        } else {
            allowed.clientRoles().values().forEach(r -> values.addAll(prefixed(r, prefix)));
        }
        int template = m.claimPath().indexOf("${client_id}");
        if (template < 0) {
            keepOnly(claims, m.claimPath(), 0, values);
            return;
        }
        // one claim per client under a map: each client's entry keeps that client's allowed roles
        Object parent = navigate(claims, m.claimPath().subList(0, template));
        if (parent instanceof Map<?, ?> byClient) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) byClient;
            for (String clientId : new ArrayList<>(map.keySet())) {
                Set<String> own = prefixed(allowed.clientRoles().getOrDefault(clientId, Set.of()), prefix);
                List<String> rest = m.claimPath().subList(template + 1, m.claimPath().size());
                if (rest.isEmpty()) {
                    map.remove(clientId);
                } else if (map.get(clientId) instanceof Map<?, ?> child) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> c = (Map<String, Object>) child;
                    keepOnly(c, rest, 0, own);
                } else {
                    map.remove(clientId);
                }
            }
        }
    }

    private static Set<String> groupValues(Mapper m, Allowed allowed) {
        String path = allowed.teamGroupPath();
        if (path == null) {
            return Set.of();
        }
        boolean full = !"false".equalsIgnoreCase(m.config().getOrDefault("full.path", "true"));
        return Set.of(full ? path : path.substring(path.lastIndexOf('/') + 1));
    }

    static Set<String> prefixed(Set<String> names, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return names;
        }
        Set<String> out = new HashSet<>();
        names.forEach(n -> out.add(prefix + n));
        return out;
    }

    private static Object navigate(Map<String, Object> claims, List<String> path) {
        Object cur = claims;
        for (String part : path) {
            if (!(cur instanceof Map<?, ?> map)) {
                return null;
            }
            cur = map.get(part);
        }
        return cur;
    }

    /** At the path: a list keeps the allowed elements, a string or map key stays only if allowed, anything else goes. */
    @SuppressWarnings("unchecked")
    private static void keepOnly(Map<String, Object> claims, List<String> path, int at, Set<String> allowedValues) {
        String key = path.get(at);
        if (!claims.containsKey(key)) {
            return;
        }
        Object value = claims.get(key);
        if (at < path.size() - 1) {
            if (value instanceof Map<?, ?> child) {
                keepOnly((Map<String, Object>) child, path, at + 1, allowedValues);
            } else {
                claims.remove(key);
            }
            return;
        }
        if (value instanceof Collection<?> list) {
            List<Object> kept = new ArrayList<>();
            for (Object o : list) {
                if (o != null && allowedValues.contains(String.valueOf(o))) {
                    kept.add(o);
                }
            }
            claims.put(key, kept);
        } else if (value instanceof Map<?, ?> map) {
            // e.g. the organization claim as {alias: {attributes}}
            Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) map);
            for (Iterator<String> it = copy.keySet().iterator(); it.hasNext(); ) {
                if (!allowedValues.contains(it.next())) {
                    it.remove();
                }
            }
            claims.put(key, copy);
        } else if (value == null || !allowedValues.contains(String.valueOf(value))) {
            claims.remove(key);
        }
    }

    @SuppressWarnings("unchecked")
    private static void remove(Map<String, Object> claims, List<String> path, int at) {
        String key = path.get(at);
        if (at == path.size() - 1) {
            claims.remove(key);
        } else if (claims.get(key) instanceof Map<?, ?> child) {
            remove((Map<String, Object>) child, path, at + 1);
        }
    }
}
