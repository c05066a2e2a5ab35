package dev.keycloakpat.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static dev.keycloakpat.it.harness.Pats.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ambiguous requests and the gateway (docs/api.md, "Security guarantees"): the check holds when the caller (or a
 * careless proxy) plays with the headers. Every test here is an attack that the first version of the check let through.
 */
class GatewayAttackIT extends RealmIT {

    private String engPlatform;
    private String salesPlatform;
    private String coreApi;
    private String coreLegacyApi;
    private String opsSre;

    @BeforeAll
    void setUp(TestRealm realm) {
        pats.enableEvents();
        String eng = realm.createGroup("eng");
        String sales = realm.createGroup("sales");
        engPlatform = realm.createSubGroup(eng, "platform");
        salesPlatform = realm.createSubGroup(sales, "platform");
        // two groups of the same name below the same top-level group
        String core = realm.createGroup("core");
        coreApi = realm.createSubGroup(core, "api");
        coreLegacyApi = realm.createSubGroup(realm.createSubGroup(core, "legacy"), "api");
        opsSre = realm.createSubGroup(realm.createGroup("ops"), "sre");
        realm.createMember("alice", engPlatform);
        realm.createMember("sam", salesPlatform);
        String carolId = realm.createMember("carol", coreApi);
        realm.joinGroup(carolId, opsSre);
    }

    private Http.Response checkWithMethod(String method, String... headers) {
        HttpRequest.Builder b = realm.http().request(pats.checkPath());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return realm.http().send(b.method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    // ---- write needs a write token, whichever method says so -------------------------------------

    @Test
    void aWriteCheckCannotBeTurnedIntoAReadByXForwardedMethod() {
        Pats.Pat readOnly = pats.createAs("alice", "read-only", engPlatform, Map.of());
        Pats.Pat writer = pats.createAs("alice", "writer", engPlatform, Map.of("write", true));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            for (String forwarded : List.of("GET", "HEAD", "OPTIONS")) {
                assertForbidden(checkWithMethod(method, "Authorization", "Bearer " + readOnly.token(),
                        "X-Forwarded-Method", forwarded), "read_only_token");
                Http.Response ok = checkWithMethod(method, "Authorization", "Bearer " + writer.token(),
                        "X-Forwarded-Method", forwarded);
                assertEquals(200, ok.status(), () -> method + " with X-Forwarded-Method " + forwarded + ": " + ok);
            }
        }
        // and the other way round, as before: a GET check for a proxied write
        assertForbidden(pats.check("Authorization", "Bearer " + readOnly.token(), "X-Forwarded-Method", "POST"),
                "read_only_token");
        pats.check("Authorization", "Bearer " + readOnly.token(), "X-Forwarded-Method", "GET").expect(200);
    }

    // ---- a security header given twice -----------------------------------------------------------

    @Test
    void aRepeatedXForwardedMethodIsAmbiguousNotFirstWins() {
        Pats.Pat readOnly = pats.createAs("alice", "repeated-method", engPlatform, Map.of());
        Pats.Pat writer = pats.createAs("alice", "repeated-method-writer", engPlatform, Map.of("write", true));
        assertAmbiguousRequest(pats.check("Authorization", "Bearer " + readOnly.token(),
                "X-Forwarded-Method", "GET", "X-Forwarded-Method", "POST"), "X-Forwarded-Method");
        assertAmbiguousRequest(pats.check("Authorization", "Bearer " + writer.token(),
                "X-Forwarded-Method", "POST", "X-Forwarded-Method", "POST"), "X-Forwarded-Method");
    }

    @Test
    void everyRepeatedSecurityHeaderIsAmbiguous() {
        Pats.Pat pat = pats.createAs("alice", "repeated-headers", engPlatform, Map.of("write", true));
        String bearer = "Bearer " + pat.token();
        assertAmbiguousRequest(pats.check("Authorization", bearer, "Authorization", bearer), "Authorization");
        assertAmbiguousRequest(pats.check("Authorization", bearer, "Authorization", basic("alice", "app-password")),
                "Authorization");
        assertAmbiguousRequest(pats.check("X-API-Access-Token", pat.token(), "X-API-Access-Token", pat.token()),
                "X-API-Access-Token");
        assertAmbiguousRequest(pats.check("Authorization", bearer,
                "X-Required-Team", engPlatform, "X-Required-Team", salesPlatform), "X-Required-Team");
        assertAmbiguousRequest(pats.check("Authorization", bearer,
                "X-Required-Team", engPlatform, "X-Required-Team", engPlatform), "X-Required-Team");
        // header names are case-insensitive
        assertAmbiguousRequest(pats.check("Authorization", bearer,
                "x-forwarded-method", "GET", "X-FORWARDED-METHOD", "GET"), "X-Forwarded-Method");
        // X-Required-Role stays repeatable
        pats.check("Authorization", bearer, "X-Required-Role", "default-roles-" + realm.name(),
                "X-Required-Role", "offline_access").expect(200);
    }

    @Test
    void twoPatCredentialsAtOnceAreAmbiguousEvenWhenEqual() {
        Pats.Pat one = pats.createAs("alice", "two-pats-1", engPlatform, Map.of());
        Pats.Pat two = pats.createAs("alice", "two-pats-2", engPlatform, Map.of());
        assertAmbiguousRequest(pats.check("Authorization", "Bearer " + one.token(), "X-API-Access-Token", one.token()),
                "X-API-Access-Token");
        assertAmbiguousRequest(pats.check("Authorization", "Bearer " + one.token(), "X-API-Access-Token", two.token()),
                "X-API-Access-Token");
        assertAmbiguousRequest(pats.check("Authorization", basic("alice", one.token()), "X-API-Access-Token", one.token()),
                "X-API-Access-Token");
        // the app's own credentials in Authorization next to the PAT stay allowed
        String jwt = realm.userToken("alice");
        pats.check("Authorization", "Bearer " + jwt, "X-API-Access-Token", one.token()).expect(200);
        pats.check("Authorization", basic("app", "app-password"), "X-API-Access-Token", one.token()).expect(200);
    }

    @Test
    void anAmbiguousRequestIsRefusedBeforeTheTokenIsLookedAtAndTheEventHoldsNoTokenText() {
        Pats.Pat pat = pats.createAs("alice", "ambiguous-event", engPlatform, Map.of());
        String unknown = TokenStrings.forge("YYYYYYYYYYYY", "C".repeat(32));
        // an unknown token would be a 401: the 400 comes first, so the token was never validated
        assertAmbiguousRequest(pats.check("Authorization", "Bearer " + unknown, "X-API-Access-Token", unknown),
                "X-API-Access-Token");
        assertAmbiguousRequest(pats.check("Authorization", "Bearer " + pat.token(), "Authorization", "Bearer " + unknown),
                "Authorization");
        pats.awaitEvent("LOGIN_ERROR", e -> "ambiguous_request".equals(e.path("details").path("reason").asText())
                        && "personal-access-token-check".equals(e.path("details").path("auth_method").asText()),
                () -> "reason ambiguous_request");
        for (JsonNode e : pats.eventList("LOGIN_ERROR")) {
            String text = e.toString();
            assertFalse(text.contains(pat.token().substring(18)), () -> "an event contains a secret: " + text);
            assertFalse(text.contains(unknown.substring(18)), () -> "an event contains a secret: " + text);
            if ("ambiguous_request".equals(e.path("details").path("reason").asText())) {
                assertTrue(e.path("details").path("pat_id").isMissingNode(), () -> "not validated, no token id: " + text);
            }
        }
        assertFalse(pats.eventList("LOGIN_ERROR").stream().anyMatch(e -> "unknown".equals(e.path("details").path("reason").asText())),
                "the ambiguous requests must not have been validated");
    }

    // ---- X-Required-Team: id, full path, or a bare name only when unique ------------------------

    @Test
    void aBareTeamNameSharedByTwoGroupsIsAmbiguousNotAnyMatch() {
        Pats.Pat alice = pats.createAs("alice", "eng-platform", engPlatform, Map.of());
        Pats.Pat sam = pats.createAs("sam", "sales-platform", salesPlatform, Map.of());
        for (Pats.Pat pat : List.of(alice, sam)) {
            Http.Response r = pats.check("Authorization", "Bearer " + pat.token(), "X-Required-Team", "platform");
            assertEquals(400, r.status(), r::toString);
            assertEquals("ambiguous_team", r.json().path("error").asText(), r::toString);
            assertEquals("ambiguous_team", r.header("X-Auth-Error").orElse(null));
            assertTrue(r.json().path("errorDescription").asText().contains("platform"), r::toString);
            assertEquals("no-store", r.header("Cache-Control").orElse(null));
            assertTrue(r.header("X-Auth-User").isEmpty(), "no identity on a 400");
        }
        String bearer = "Bearer " + alice.token();
        pats.check("Authorization", bearer, "X-Required-Team", "/eng/platform").expect(200);
        pats.check("Authorization", bearer, "X-Required-Team", engPlatform).expect(200);
        assertForbidden(pats.check("Authorization", bearer, "X-Required-Team", "/sales/platform"), "wrong_team");
        assertForbidden(pats.check("Authorization", bearer, "X-Required-Team", salesPlatform), "wrong_team");
        pats.check("Authorization", "Bearer " + sam.token(), "X-Required-Team", "/sales/platform").expect(200);
        assertForbidden(pats.check("Authorization", "Bearer " + sam.token(), "X-Required-Team", "/eng/platform"), "wrong_team");
    }

    @Test
    void aBareNameSharedWithinOneTopLevelGroupIsAmbiguousTooAndAUniqueNameMatches() {
        Pats.Pat api = pats.createAs("carol", "core-api", coreApi, Map.of());
        Pats.Pat sre = pats.createAs("carol", "ops-sre", opsSre, Map.of());
        Http.Response r = pats.check("Authorization", "Bearer " + api.token(), "X-Required-Team", "api");
        assertEquals(400, r.status(), r::toString);
        assertEquals("ambiguous_team", r.json().path("error").asText(), r::toString);
        pats.check("Authorization", "Bearer " + api.token(), "X-Required-Team", "/core/api").expect(200);
        assertForbidden(pats.check("Authorization", "Bearer " + api.token(), "X-Required-Team", "/core/legacy/api"), "wrong_team");
        assertForbidden(pats.check("Authorization", "Bearer " + api.token(), "X-Required-Team", coreLegacyApi), "wrong_team");
        pats.check("Authorization", "Bearer " + sre.token(), "X-Required-Team", "sre").expect(200);
        assertForbidden(pats.check("Authorization", "Bearer " + sre.token(), "X-Required-Team", "Sre"), "wrong_team");
        assertForbidden(pats.check("Authorization", "Bearer " + sre.token(), "X-Required-Team", "/sre"), "wrong_team");
        assertForbidden(pats.check("Authorization", "Bearer " + api.token(), "X-Required-Team", "sre"), "wrong_team");
    }

    @Test
    void withATeamParentGroupOnlyItsChildrenCountForNameUniqueness() {
        String teams = realm.createGroup("teams");
        String teamsBilling = realm.createSubGroup(teams, "billing");
        String otherBilling = realm.createSubGroup(realm.createGroup("legacy"), "billing");
        String daveId = realm.createMember("dave", teamsBilling);
        realm.joinGroup(daveId, otherBilling);
        realm.withPolicy(Http.toJson(Map.of("teamParentGroup", "/teams")));
        try {
            Pats.Pat pat = pats.createAs("dave", "billing", teamsBilling, Map.of());
            String bearer = "Bearer " + pat.token();
            pats.check("Authorization", bearer, "X-Required-Team", "billing").expect(200);
            pats.check("Authorization", bearer, "X-Required-Team", "/teams/billing").expect(200);
            pats.check("Authorization", bearer, "X-Required-Team", teamsBilling).expect(200);
            assertForbidden(pats.check("Authorization", bearer, "X-Required-Team", "/legacy/billing"), "wrong_team");
            assertForbidden(pats.check("Authorization", bearer, "X-Required-Team", otherBilling), "wrong_team");
        } finally {
            realm.withPolicy("{}");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void assertAmbiguousRequest(Http.Response r, String header) {
        assertEquals(400, r.status(), r::toString);
        JsonNode body = r.json();
        assertEquals("ambiguous_request", body.path("error").asText(), r::toString);
        assertTrue(body.path("errorDescription").asText().contains(header),
                () -> "the description names " + header + ": " + r);
        assertEquals("ambiguous_request", r.header("X-Auth-Error").orElse(null));
        assertEquals("no-store", r.header("Cache-Control").orElse(null));
        assertTrue(r.header("X-Auth-User").isEmpty(), "no identity on a 400");
    }

    private static void assertForbidden(Http.Response r, String error) {
        assertEquals(403, r.status(), r::toString);
        assertEquals(error, r.json().path("error").asText(), r::toString);
        assertEquals(error, r.header("X-Auth-Error").orElse(null));
        assertTrue(r.header("X-Auth-User").isEmpty(), "no identity on a 403");
    }
}
