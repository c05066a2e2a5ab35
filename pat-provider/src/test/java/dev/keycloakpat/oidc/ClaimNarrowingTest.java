package dev.keycloakpat.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Claims of mappers and optional scopes name nothing outside the PAT's narrowed roles and its team. */
class ClaimNarrowingTest {

    private static final ClaimNarrowing.Allowed ALLOWED = new ClaimNarrowing.Allowed(
            Set.of("reader"), Map.of("app", Set.of("view")), "/eng/platform", null);

    private static ClaimNarrowing.Mapper mapper(String type, String path, Map<String, String> config) {
        return new ClaimNarrowing.Mapper(type, List.of(path.split("\\.")), config);
    }

    @Test
    void microprofileGroupsKeepOnlyNarrowedRealmRoles() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("groups", new ArrayList<>(List.of("reader", "writer", "admin")));
        ClaimNarrowing.apply(claims, List.of(mapper(ClaimNarrowing.REALM_ROLE, "groups", Map.of())), ALLOWED);
        assertEquals(List.of("reader"), claims.get("groups"));
    }

    @Test
    void rolePrefixesAreRespected() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("roles", new ArrayList<>(List.of("ROLE_reader", "ROLE_writer")));
        ClaimNarrowing.apply(claims, List.of(mapper(ClaimNarrowing.REALM_ROLE, "roles",
                Map.of("usermodel.realmRoleMapping.rolePrefix", "ROLE_"))), ALLOWED);
        assertEquals(List.of("ROLE_reader"), claims.get("roles"));
    }

    @Test
    void clientRolesPerClientKeepOnlyThatClientsAllowedRoles() {
        Map<String, Object> claims = new HashMap<>();
        Map<String, Object> byClient = new LinkedHashMap<>();
        byClient.put("app", new HashMap<>(Map.of("roles", new ArrayList<>(List.of("view", "edit")))));
        byClient.put("other", new HashMap<>(Map.of("roles", new ArrayList<>(List.of("view")))));
        claims.put("apps", byClient);
        ClaimNarrowing.apply(claims, List.of(new ClaimNarrowing.Mapper(ClaimNarrowing.CLIENT_ROLE,
                List.of("apps", "${client_id}", "roles"), Map.of())), ALLOWED);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> result = (Map<String, Map<String, Object>>) claims.get("apps");
        assertEquals(List.of("view"), result.get("app").get("roles"));
        assertEquals(List.of(), result.get("other").get("roles"));
    }

    @Test
    void groupMembershipKeepsOnlyTheTeamGroupByPathOrName() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("groups", new ArrayList<>(List.of("/eng/platform", "/sales/platform", "/admins")));
        ClaimNarrowing.apply(claims, List.of(mapper(ClaimNarrowing.GROUP, "groups", Map.of("full.path", "true"))), ALLOWED);
        assertEquals(List.of("/eng/platform"), claims.get("groups"));

        claims.put("groups", new ArrayList<>(List.of("platform", "admins")));
        ClaimNarrowing.apply(claims, List.of(mapper(ClaimNarrowing.GROUP, "groups", Map.of("full.path", "false"))), ALLOWED);
        assertEquals(List.of("platform"), claims.get("groups"));
    }

    @Test
    void organizationsKeepOnlyTheTeamOrganizationWhateverTheShape() {
        ClaimNarrowing.Allowed org = new ClaimNarrowing.Allowed(Set.of(), Map.of(), null, "acme");
        Map<String, Object> claims = new HashMap<>();
        claims.put("organization", new ArrayList<>(List.of("acme", "globex")));
        ClaimNarrowing.apply(claims, List.of(mapper(ClaimNarrowing.ORGANIZATION, "organization", Map.of())), org);
        assertEquals(List.of("acme"), claims.get("organization"));

        Map<String, Object> byAlias = new LinkedHashMap<>();
        byAlias.put("acme", Map.of("id", "1"));
        byAlias.put("globex", Map.of("id", "2"));
        claims.put("organization", byAlias);
        ClaimNarrowing.apply(claims, List.of(mapper(ClaimNarrowing.ORGANIZATION, "organization", Map.of())), org);
        assertEquals(Set.of("acme"), ((Map<?, ?>) claims.get("organization")).keySet());
    }

    @Test
    void unknownMappersLoseTheirClaimNeutralOnesKeepIt() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("scripted", "admin");
        claims.put("department", "R&D");
        ClaimNarrowing.apply(claims, List.of(
                mapper("oidc-script-based-protocol-mapper", "scripted", Map.of()),
                mapper("oidc-usermodel-attribute-mapper", "department", Map.of())), ALLOWED);
        assertFalse(claims.containsKey("scripted"));
        assertEquals("R&D", claims.get("department"));
    }
}
