package dev.keycloakpat.claims;

import java.util.HashSet;
import java.util.Set;

import org.keycloak.representations.AccessToken;

import dev.keycloakpat.team.Team;
import dev.keycloakpat.roles.LiveRoles;
import dev.keycloakpat.validation.Validation;
import dev.keycloakpat.model.PatRecord;

/**
 * Puts a validation's live identity into an access token obtained by exchanging a PAT: roles, scope, team and
 * pat_id claims. The {@code account} client's roles are never carried, so such a token cannot use Keycloak's
 * Account API (profile, credentials, sessions), just as the PAT itself cannot; and the audiences Keycloak derived
 * from roles that were narrowed away are removed with them.
 */
public final class PatClaims {

    public static final String TEAM = "team";
    /** Keycloak's account-management client: a PAT-derived token never carries its roles or audience. */
    public static final String ACCOUNT_CLIENT = "account";

    private PatClaims() {
    }

    /** Replaces the token's roles with the validation's live narrowed roles and adds the PAT claims. */
    public static void apply(AccessToken token, Validation v) {
        LiveRoles roles = v.roles();
        Set<String> clientsBefore = new HashSet<>(token.getResourceAccess().keySet());
        clientsBefore.add(ACCOUNT_CLIENT);
        AccessToken.Access realmAccess = new AccessToken.Access();
        roles.realmRoles().forEach(realmAccess::addRole);
        token.setRealmAccess(realmAccess);
        // a new map: Keycloak hands out an immutable empty one when the token had no client roles
        java.util.Map<String, AccessToken.Access> resourceAccess = new java.util.HashMap<>();
        roles.clientRoles().forEach((client, names) -> {
            if (ACCOUNT_CLIENT.equals(client)) {
                return;
            }
            AccessToken.Access access = new AccessToken.Access();
            names.forEach(access::addRole);
            resourceAccess.put(client, access);
        });
        token.setResourceAccess(resourceAccess);
        clientsBefore.removeAll(token.getResourceAccess().keySet());
        removeAudiences(token, clientsBefore);
        token.setScope(withPatScope(token.getScope(), v.write()));
        token.getOtherClaims().put(PatRecord.ID_KEY, v.token().id());
        if (v.team() != null) {
            token.getOtherClaims().put(TEAM, new TeamClaim(v.team()));
        } else {
            token.getOtherClaims().remove(TEAM);
        }
    }

    /** Removes every audience in {@code clients} (the ones Keycloak derived from roles no longer carried). */
    static void removeAudiences(AccessToken token, java.util.Set<String> clients) {
        String[] audience = token.getAudience();
        if (audience == null) {
            return;
        }
        String[] kept = java.util.Arrays.stream(audience).filter(a -> !clients.contains(a)).toArray(String[]::new);
        token.audience(kept.length == 0 ? null : kept);
    }

    /** Takes every role and audience away: for a PAT-derived token whose PAT is no longer valid. */
    public static void strip(AccessToken token) {
        token.setRealmAccess(null);
        token.setResourceAccess(null);
        token.audience((String[]) null);
        token.getOtherClaims().remove(TEAM);
    }

    /** The scope string with "read" (and "write" when allowed) added and any stale "write" removed. */
    static String withPatScope(String scope, boolean write) {
        java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty() && !s.equals("write") && !s.equals("read")) {
                    parts.add(s);
                }
            }
        }
        parts.add("read");
        if (write) {
            parts.add("write");
        }
        return String.join(" ", parts);
    }

    /** The JSON shape of the team claim: {"id", "name"}. */
    public record TeamClaim(String id, String name) {
        TeamClaim(Team team) {
            this(team.id(), team.name());
        }
    }
}
