package dev.keycloakpat.roles;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * A user's effective roles right now (groups and composites expanded), optionally narrowed to a token's list.
 * Roles are named by key: {@code role} for a realm role, {@code client-id/role} for a client role.
 */
public final class LiveRoles {

    private final Set<String> realmRoles;
    private final Map<String, Set<String>> clientRoles;

    private LiveRoles(Set<String> realmRoles, Map<String, Set<String>> clientRoles) {
        this.realmRoles = realmRoles;
        this.clientRoles = clientRoles;
    }

    /** The user's current effective roles. */
    public static LiveRoles of(UserModel user) {
        return fromRoles(RoleUtils.getDeepUserRoleMappings(user));
    }

    static LiveRoles fromRoles(Collection<RoleModel> roles) {
        Set<String> realm = new TreeSet<>();
        Map<String, Set<String>> clients = new TreeMap<>();
        for (RoleModel role : roles) {
            if (role.isClientRole()) {
                clients.computeIfAbsent(((ClientModel) role.getContainer()).getClientId(), k -> new TreeSet<>()).add(role.getName());
            } else {
                realm.add(role.getName());
            }
        }
        return new LiveRoles(realm, clients);
    }

    /** Built from keys ("role" or "client/role"); for tests and for narrowing. */
    public static LiveRoles fromKeys(Collection<String> keys, Set<String> knownClientIds) {
        Set<String> realm = new TreeSet<>();
        Map<String, Set<String>> clients = new TreeMap<>();
        for (String key : keys) {
            int slash = key.indexOf('/');
            if (slash > 0 && knownClientIds.contains(key.substring(0, slash))) {
                clients.computeIfAbsent(key.substring(0, slash), k -> new TreeSet<>()).add(key.substring(slash + 1));
            } else {
                realm.add(key);
            }
        }
        return new LiveRoles(realm, clients);
    }

    /**
     * These roles intersected with a token's narrowing list; {@code null} means no narrowing.
     * A role the user no longer holds is never returned, whatever the list says.
     */
    public LiveRoles narrowTo(List<String> narrowing) {
        if (narrowing == null) {
            return this;
        }
        Set<String> allowed = Set.copyOf(narrowing);
        Set<String> realm = new TreeSet<>();
        for (String r : realmRoles) {
            if (allowed.contains(r)) {
                realm.add(r);
            }
        }
        Map<String, Set<String>> clients = new TreeMap<>();
        clientRoles.forEach((client, roles) -> roles.forEach(r -> {
            if (allowed.contains(client + "/" + r)) {
                clients.computeIfAbsent(client, k -> new TreeSet<>()).add(r);
            }
        }));
        return new LiveRoles(realm, clients);
    }

    /** These roles, keeping only those among {@code roles} (e.g. what a client's role scope lets it receive). */
    public LiveRoles retainAll(Collection<RoleModel> roles) {
        LiveRoles other = fromRoles(roles);
        Set<String> realm = new TreeSet<>(realmRoles);
        realm.retainAll(other.realmRoles);
        Map<String, Set<String>> clients = new TreeMap<>();
        clientRoles.forEach((client, names) -> {
            Set<String> kept = new TreeSet<>(names);
            kept.retainAll(other.clientRoles.getOrDefault(client, Set.of()));
            if (!kept.isEmpty()) {
                clients.put(client, kept);
            }
        });
        return new LiveRoles(realm, clients);
    }

    public boolean has(String key) {
        if (realmRoles.contains(key)) {
            return true;
        }
        int slash = key.indexOf('/');
        if (slash > 0) {
            Set<String> roles = clientRoles.get(key.substring(0, slash));
            return roles != null && roles.contains(key.substring(slash + 1));
        }
        return false;
    }

    public Set<String> realmRoles() {
        return realmRoles;
    }

    public Map<String, Set<String>> clientRoles() {
        return clientRoles;
    }

    /** All roles as keys, realm roles first, sorted. */
    public List<String> keys() {
        List<String> out = new java.util.ArrayList<>(realmRoles);
        clientRoles.forEach((client, roles) -> roles.forEach(r -> out.add(client + "/" + r)));
        return out;
    }
}
