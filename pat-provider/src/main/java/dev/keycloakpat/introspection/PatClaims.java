package dev.keycloakpat.introspection;

import java.util.Set;

import org.keycloak.representations.AccessToken;

import dev.keycloakpat.team.Team;
import dev.keycloakpat.validation.LiveRoles;
import dev.keycloakpat.validation.Validation;

/** Puts a validation's live identity into an access token: roles, scope, team and pat_id claims. */
public final class PatClaims {

    public static final String PAT_ID = "pat_id";
    public static final String TEAM = "team";

    private PatClaims() {
    }

    /** Replaces the token's roles with the validation's live narrowed roles and adds the PAT claims. */
    public static void apply(AccessToken token, Validation v) {
        LiveRoles roles = v.roles();
        AccessToken.Access realmAccess = new AccessToken.Access();
        roles.realmRoles().forEach(realmAccess::addRole);
        token.setRealmAccess(realmAccess);
        token.getResourceAccess().clear();
        roles.clientRoles().forEach((client, names) -> {
            AccessToken.Access access = new AccessToken.Access();
            names.forEach(access::addRole);
            token.getResourceAccess().put(client, access);
        });
        token.setScope(withPatScope(token.getScope(), v.write()));
        token.getOtherClaims().put(PAT_ID, v.token().id());
        if (v.team() != null) {
            token.getOtherClaims().put(TEAM, new TeamClaim(v.team()));
        } else {
            token.getOtherClaims().remove(TEAM);
        }
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

    static final Set<String> PAT_SCOPES = Set.of("read", "write");
}
