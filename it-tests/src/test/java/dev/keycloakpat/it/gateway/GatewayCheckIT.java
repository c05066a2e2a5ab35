package dev.keycloakpat.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.keycloakpat.it.harness.Pats.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Gateway check"): every status and header of
 * {@code GET /realms/{realm}/personal-access-tokens/check}, and the rate limit.
 */
class GatewayCheckIT extends RealmIT {

    private String platform;
    private String data;
    private String aliceId;
    private String registryClient;

    @BeforeAll
    void setUp(TestRealm realm) {
        pats.enableEvents();
        platform = realm.createGroup("platform");
        data = realm.createGroup("data");
        realm.createRealmRole("deploy");
        registryClient = realm.createPublicClient("registry");
        realm.createClientRole(registryClient, "push");
        aliceId = realm.createMember("alice", platform);
        realm.grantRealmRole(aliceId, "deploy");
        realm.grantClientRoles(aliceId, "registry", "push");
    }

    private Pats.Pat readToken(String name) {
        return pats.createAs("alice", name, platform, Map.of());
    }

    private static Set<String> roles(Http.Response r) {
        String header = r.header("X-Auth-Roles").orElseThrow(() -> new AssertionError("no X-Auth-Roles: " + r.headers()));
        return header.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(header.split(",")));
    }

    // ---- 200 ------------------------------------------------------------------------------------

    @Test
    void bearerTokenIsAllowedWithTheIdentityHeadersAndAnEmptyBody() {
        Pats.Pat pat = readToken("bearer");
        Http.Response r = pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        assertEquals("alice", r.header("X-Auth-User").orElse(null));
        assertEquals(aliceId, r.header("X-Auth-User-Id").orElse(null));
        assertEquals("platform", r.header("X-Auth-Team").orElse(null));
        assertEquals(platform, r.header("X-Auth-Team-Id").orElse(null));
        assertEquals("read", r.header("X-Auth-Scope").orElse(null));
        assertEquals(pat.id(), r.header("X-Auth-Token-Id").orElse(null));
        Set<String> roles = roles(r);
        assertTrue(roles.containsAll(Set.of("deploy", "registry/push", "default-roles-" + realm.name(), "account/manage-account")),
                () -> "live effective roles, composites expanded: " + roles);
        assertEquals("", r.body(), "empty body");
        assertEquals("no-store", r.header("Cache-Control").orElse(null));
    }

    @Test
    void basicAuthWithTheOwnersUsernameIsAllowed() {
        Pats.Pat pat = readToken("basic");
        Http.Response r = pats.check("Authorization", basic("alice", pat.token())).expect(200);
        assertEquals("alice", r.header("X-Auth-User").orElse(null));
        assertEquals(pat.id(), r.header("X-Auth-Token-Id").orElse(null));
        pats.check("Authorization", basic("ALICE", pat.token())).expect(200);
    }

    @Test
    void basicAuthWithSomeoneElsesUsernameIsUnauthorized() {
        Pats.Pat pat = readToken("basic-other-user");
        realm.createMember("mallory", platform);
        assertUnauthorized(pats.check("Authorization", basic("mallory", pat.token())));
        assertUnauthorized(pats.check("Authorization", basic("", pat.token())));
        pats.awaitEvent("LOGIN_ERROR", e -> pat.id().equals(e.path("details").path("pat_id").asText())
                        && "username_is_not_the_token_owner".equals(e.path("details").path("reason").asText()),
                () -> "Basic auth with another username");
    }

    @Test
    void apiAccessTokenHeaderIsAllowed() {
        Pats.Pat pat = readToken("x-api");
        Http.Response r = pats.check("X-API-Access-Token", pat.token()).expect(200);
        assertEquals(pat.id(), r.header("X-Auth-Token-Id").orElse(null));
    }

    @Test
    void twoTokensInOneRequestAreAnAmbiguousRequestEvenWhenEqual() {
        Pats.Pat one = readToken("ambiguous-1");
        Pats.Pat two = readToken("ambiguous-2");
        for (Http.Response r : List.of(
                pats.check("Authorization", "Bearer " + one.token(), "X-API-Access-Token", two.token()),
                pats.check("Authorization", "Bearer " + one.token(), "X-API-Access-Token", one.token()))) {
            assertEquals(400, r.status(), r::toString);
            assertEquals("ambiguous_request", r.json().path("error").asText(), r::toString);
            assertEquals("ambiguous_request", r.header("X-Auth-Error").orElse(null));
        }
    }

    @Test
    void apiAccessTokenWorksNextToAnAuthorizationHeaderMeantForSomethingElse() {
        Pats.Pat pat = readToken("x-api-next-to-jwt");
        String jwt = realm.userToken("alice");
        Http.Response r = pats.check("Authorization", "Bearer " + jwt, "X-API-Access-Token", pat.token()).expect(200);
        assertEquals(pat.id(), r.header("X-Auth-Token-Id").orElse(null));
        assertUnauthorized(pats.check("Authorization", "Bearer " + jwt));
    }

    @Test
    void rolesAreNarrowedToTheTokensListAndEvaluatedLive() {
        String daveId = realm.createMember("dave", platform);
        realm.grantRealmRole(daveId, "deploy");
        realm.grantClientRoles(daveId, "registry", "push");
        Pats.Pat pat = pats.createAs("dave", "narrowed", platform, Map.of("roles", List.of("deploy", "registry/push")));
        String bearer = "Bearer " + pat.token();
        assertEquals(Set.of("deploy", "registry/push"), roles(pats.check("Authorization", bearer).expect(200)));

        realm.revokeRealmRole(daveId, "deploy");
        assertEquals(Set.of("registry/push"), roles(pats.check("Authorization", bearer).expect(200)),
                "a role the user lost is gone on the next request");
        assertForbidden(pats.check("Authorization", bearer, "X-Required-Role", "deploy"), "missing_role");

        realm.grantRealmRole(daveId, "deploy");
        pats.check("Authorization", bearer, "X-Required-Role", "deploy").expect(200);
    }

    @Test
    void writeTokenHasReadWriteScopeAndMayWrite() {
        Pats.Pat pat = pats.createAs("alice", "writer", platform, Map.of("write", true));
        Http.Response r = pats.check("Authorization", "Bearer " + pat.token(), "X-Forwarded-Method", "POST").expect(200);
        assertEquals("read write", r.header("X-Auth-Scope").orElse(null));
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            pats.check("Authorization", "Bearer " + pat.token(), "X-Forwarded-Method", method).expect(200);
        }
    }

    @Test
    void theCheckAnswersHeadToo() {
        Pats.Pat pat = readToken("head");
        Http.Response r = realm.http().send(realm.http().request(pats.checkPath())
                .header("Authorization", "Bearer " + pat.token())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, r.status(), r::toString);
        assertEquals("alice", r.header("X-Auth-User").orElse(null));
    }

    // ---- 403 ------------------------------------------------------------------------------------

    @Test
    void requiredTeamMatchesByIdOrNameAndOtherwiseIsWrongTeam() {
        Pats.Pat pat = readToken("team");
        String bearer = "Bearer " + pat.token();
        pats.check("Authorization", bearer, "X-Required-Team", "platform").expect(200);
        pats.check("Authorization", bearer, "X-Required-Team", platform).expect(200);
        assertForbidden(pats.check("Authorization", bearer, "X-Required-Team", "data"), "wrong_team");
        assertForbidden(pats.check("Authorization", bearer, "X-Required-Team", data), "wrong_team");
        pats.awaitEvent("LOGIN_ERROR", e -> pat.id().equals(e.path("details").path("pat_id").asText())
                && "wrong_team".equals(e.path("details").path("reason").asText()), () -> "wrong_team");
    }

    @Test
    void readOnlyTokenMayReadButNotWrite() {
        Pats.Pat pat = readToken("read-only");
        String bearer = "Bearer " + pat.token();
        for (String method : List.of("GET", "HEAD", "OPTIONS")) {
            pats.check("Authorization", bearer, "X-Forwarded-Method", method).expect(200);
        }
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertForbidden(pats.check("Authorization", bearer, "X-Forwarded-Method", method), "read_only_token");
        }
    }

    @Test
    void aCheckCalledWithTheOriginalMethodTreatsThatMethodAsTheProxiedOne() {
        Pats.Pat readOnly = readToken("own-method");
        Pats.Pat writer = pats.createAs("alice", "own-method-writer", platform, Map.of("write", true));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertForbidden(checkWithMethod(method, readOnly), "read_only_token");
            Http.Response ok = checkWithMethod(method, writer);
            assertEquals(200, ok.status(), () -> method + ": " + ok);
            assertEquals("alice", ok.header("X-Auth-User").orElse(null));
        }
        assertEquals(200, checkWithMethod("OPTIONS", readOnly).status());
    }

    private Http.Response checkWithMethod(String method, Pats.Pat pat) {
        return realm.http().send(realm.http().request(pats.checkPath())
                .header("Authorization", "Bearer " + pat.token())
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void requiredRolesMayBeRepeatedOrCommaSeparatedAndAllMustBeHeld() {
        Pats.Pat pat = readToken("roles");
        String bearer = "Bearer " + pat.token();
        pats.check("Authorization", bearer, "X-Required-Role", "deploy").expect(200);
        pats.check("Authorization", bearer, "X-Required-Role", "registry/push").expect(200);
        pats.check("Authorization", bearer, "X-Required-Role", "deploy, registry/push").expect(200);
        pats.check("Authorization", bearer, "X-Required-Role", "deploy", "X-Required-Role", "registry/push").expect(200);
        Http.Response missing = pats.check("Authorization", bearer, "X-Required-Role", "deploy", "X-Required-Role", "registry/delete");
        assertForbidden(missing, "missing_role");
        assertTrue(missing.json().path("errorDescription").asText().contains("registry/delete"), missing::toString);
        assertForbidden(pats.check("Authorization", bearer, "X-Required-Role", "deploy,admin"), "missing_role");
    }

    @Test
    void narrowedTokenLacksRolesOutsideItsList() {
        Pats.Pat pat = pats.createAs("alice", "only-deploy", platform, Map.of("roles", List.of("deploy")));
        String bearer = "Bearer " + pat.token();
        pats.check("Authorization", bearer, "X-Required-Role", "deploy").expect(200);
        assertForbidden(pats.check("Authorization", bearer, "X-Required-Role", "registry/push"), "missing_role");
    }

    // ---- 401 ------------------------------------------------------------------------------------

    @Test
    void everyInvalidTokenGetsTheSame401AndOnlyTheEventStoreSaysWhy() {
        String bobId = realm.createMember("bob", platform);
        Pats.Pat disabledOwner = pats.createAs("bob", "disabled-owner", platform, Map.of());
        Pats.Pat revoked = readToken("revoked");
        Pats.Pat expiring = pats.createAs("alice", "expiring", platform,
                Map.of("expiresAt", Instant.now().getEpochSecond() + 2));
        Pats.Pat leftTeam = pats.createAs("bob", "left-team", platform, Map.of());
        Pats.Pat wrongSecretFor = readToken("wrong-secret");
        for (Pats.Pat p : List.of(disabledOwner, revoked, leftTeam, wrongSecretFor)) {
            pats.check("Authorization", "Bearer " + p.token()).expect(200);
        }
        pats.revokeAsOwner(pats.login("alice"), revoked.id());
        realm.setUserEnabled(bobId, false);
        String unknown = TokenStrings.forge("ZZZZZZZZZZZZ", "A".repeat(32));
        String wrongSecret = TokenStrings.forge(wrongSecretFor.publicId(), "B".repeat(32));

        Map<String, Http.Response> answers = new LinkedHashMap<>();
        answers.put("missing", pats.check());
        answers.put("not a PAT", pats.check("Authorization", "Bearer not-a-pat"));
        answers.put("bad checksum", pats.check("Authorization", "Bearer " + wrongSecretFor.token().substring(0, 55) + "x"));
        answers.put("unknown id", pats.check("Authorization", "Bearer " + unknown));
        answers.put("wrong secret", pats.check("Authorization", "Bearer " + wrongSecret));
        answers.put("revoked", pats.check("Authorization", "Bearer " + revoked.token()));
        answers.put("disabled owner", pats.check("X-API-Access-Token", disabledOwner.token()));
        answers.put("unreadable Basic", pats.check("Authorization", "Basic %%%"));
        awaitStatus(expiring, 401, Duration.ofSeconds(10));
        answers.put("expired", pats.check("Authorization", "Bearer " + expiring.token()));

        String body = answers.get("missing").body();
        answers.forEach((cause, r) -> {
            assertUnauthorized(r);
            assertEquals(body, r.body(), () -> "the 401 body must not depend on the cause (" + cause + ")");
        });
        assertEquals("invalid_token", answers.get("missing").json().path("error").asText());

        expectEvent(null, "malformed");
        expectEvent(null, "unknown");
        expectEvent(wrongSecretFor.id(), "bad_secret");
        expectEvent(expiring.id(), "expired");
        expectEvent(disabledOwner.id(), "user_disabled");
        expectEvent(null, "unreadable_authorization");
        for (JsonNode e : pats.eventList("LOGIN_ERROR")) {
            String text = e.toString();
            for (Pats.Pat p : List.of(disabledOwner, revoked, expiring, leftTeam, wrongSecretFor)) {
                assertFalse(text.contains(p.token().substring(18)), () -> "an event contains a secret: " + text);
            }
        }

        realm.setUserEnabled(bobId, true);
        pats.check("X-API-Access-Token", disabledOwner.token()).expect(200);
        realm.leaveGroup(bobId, platform);
        assertUnauthorized(pats.check("Authorization", "Bearer " + leftTeam.token()));
        expectEvent(leftTeam.id(), "not_in_team");
    }

    private void expectEvent(String patId, String reason) {
        pats.awaitEvent("LOGIN_ERROR", e -> reason.equals(e.path("details").path("reason").asText())
                        && "personal-access-token-check".equals(e.path("details").path("auth_method").asText())
                        && (patId == null || patId.equals(e.path("details").path("pat_id").asText())),
                () -> "reason " + reason + (patId == null ? "" : " pat_id " + patId));
    }

    private void awaitStatus(Pats.Pat pat, int status, Duration timeout) {
        Http.Response[] last = new Http.Response[1];
        Await.value(timeout, () -> "for HTTP " + status + ", last " + last[0], () -> {
            last[0] = pats.check("Authorization", "Bearer " + pat.token());
            return last[0].status() == status ? last[0] : null;
        });
    }

    // ---- header safety --------------------------------------------------------------------------

    @Test
    void namesWithLineBreaksOrNonAsciiCannotInjectHeaders() {
        Http.Response created = realm.admin().post(realm.adminPath("/groups"),
                Http.JSON.createObjectNode().put("name", "ops\r\nX-Injected: yes"));
        String teamId;
        String expectedTeam;
        if (created.status() == 201) {
            teamId = created.createdId();
            expectedTeam = "ops%0D%0AX-Injected: yes";
        } else {
            // Keycloak refused the name: a non-ASCII one still needs encoding
            teamId = realm.createGroup("Équipe ü");
            expectedTeam = "%C3%89quipe %C3%BC";
        }
        String erinId = realm.createMember("erin", teamId);
        Pats.Pat pat = pats.createAs("erin", "injection", teamId, Map.of());
        Http.Response r = pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        assertEquals(expectedTeam, r.header("X-Auth-Team").orElse(null));
        assertTrue(r.header("X-Injected").isEmpty(), () -> "injected header: " + r.headers());
        assertEquals(erinId, r.header("X-Auth-User-Id").orElse(null));
    }

    // ---- 429 ------------------------------------------------------------------------------------

    @Test
    void overTheRealmsLimitATokenGets429WithRetryAfterAndOtherTokensAreNotAffected() {
        Pats.Pat limited = readToken("limited");
        Pats.Pat other = readToken("not-limited");
        realm.withPolicy(Http.toJson(Map.of("rateLimitPerMinute", 3)));
        try {
            for (int i = 0; i < 3; i++) {
                pats.check("Authorization", "Bearer " + limited.token()).expect(200);
            }
            Http.Response r = pats.check("Authorization", "Bearer " + limited.token());
            assertEquals(429, r.status(), r::toString);
            assertEquals("rate_limited", r.json().path("error").asText());
            assertFalse(r.json().path("errorDescription").asText().isBlank());
            long retryAfter = Long.parseLong(r.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After")));
            assertTrue(retryAfter >= 1 && retryAfter <= 20, () -> "3/min refills one request every 20 s, Retry-After " + retryAfter);
            assertEquals(429, pats.check("Authorization", basic("alice", limited.token())).status(),
                    "the limit is per token, whatever way it is presented");
            pats.check("Authorization", "Bearer " + other.token()).expect(200);
        } finally {
            realm.withPolicy("{}");
        }
        pats.check("Authorization", "Bearer " + limited.token()).expect(200);
    }

    @Test
    void burstAllowsThatManyExtraRequestsAtOnce() {
        Pats.Pat pat = readToken("burst");
        realm.withPolicy(Http.toJson(Map.of("rateLimitPerMinute", 2, "rateLimitBurst", 3)));
        try {
            for (int i = 0; i < 5; i++) {
                pats.check("Authorization", "Bearer " + pat.token()).expect(200);
            }
            assertEquals(429, pats.check("Authorization", "Bearer " + pat.token()).status());
        } finally {
            realm.withPolicy("{}");
        }
    }

    @Test
    void afterRetryAfterSecondsTheTokenIsServedAgain() {
        Pats.Pat pat = readToken("retry-after");
        realm.withPolicy(Http.toJson(Map.of("rateLimitPerMinute", 60)));
        try {
            Http.Response r;
            int allowed = 0;
            while ((r = pats.check("Authorization", "Bearer " + pat.token())).status() == 200) {
                allowed++;
                assertTrue(allowed <= 70, "60/min must stop a quick loop near 60 requests");
            }
            assertEquals(429, r.status(), r::toString);
            assertTrue(allowed >= 60, "the first 60 requests of a fresh token are allowed, got " + allowed);
            long retryAfter = Long.parseLong(r.header("Retry-After").orElseThrow());
            assertEquals(1, retryAfter, "60/min refills one request a second");
            Await.pause(Duration.ofMillis(retryAfter * 1000));
            pats.check("Authorization", "Bearer " + pat.token()).expect(200);
        } finally {
            realm.withPolicy("{}");
        }
    }

    @Test
    void exchangeOverTheLimitIs429InvalidGrantWithRetryAfter() {
        realm.withConfidentialClient("gateway-exchange", "exchange-secret").withPatFlow("gateway-exchange");
        Pats.Pat pat = readToken("exchange-limited");
        realm.withPolicy(Http.toJson(Map.of("rateLimitPerMinute", 2)));
        try {
            realm.passwordGrant("gateway-exchange", "alice", pat.token()).expect(200);
            pats.check("Authorization", "Bearer " + pat.token()).expect(200);
            Http.Response r = realm.passwordGrant("gateway-exchange", "alice", pat.token());
            assertEquals(429, r.status(), () -> "exchange and check share the token's limit: " + r);
            assertEquals("invalid_grant", r.json().path("error").asText());
            assertFalse(r.json().has("access_token"));
            long retryAfter = Long.parseLong(r.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + r.headers())));
            assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
            assertEquals(429, pats.check("Authorization", "Bearer " + pat.token()).status());
        } finally {
            realm.withPolicy("{}");
        }
        realm.passwordGrant("gateway-exchange", "alice", pat.token()).expect(200);
    }

    @Test
    void withoutAPolicyLimitThereIsNoLimit() {
        Pats.Pat pat = readToken("unlimited");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            statuses.add(pats.check("Authorization", "Bearer " + pat.token()).status());
        }
        assertEquals(List.of(200), statuses.stream().distinct().toList());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void assertUnauthorized(Http.Response r) {
        assertEquals(401, r.status(), r::toString);
        List<String> challenges = r.headers().allValues("WWW-Authenticate");
        String realmParam = "realm=\"" + realm.name() + "\"";
        assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Bearer ") && c.contains(realmParam)), () -> "Bearer challenge: " + challenges);
        assertTrue(challenges.stream().anyMatch(c -> c.startsWith("Basic ") && c.contains(realmParam)), () -> "Basic challenge: " + challenges);
        assertTrue(r.header("X-Auth-User").isEmpty(), "no identity on a 401");
    }

    private static void assertForbidden(Http.Response r, String error) {
        assertEquals(403, r.status(), r::toString);
        JsonNode body = r.json();
        assertEquals(error, body.path("error").asText(), r::toString);
        assertFalse(body.path("errorDescription").asText().isBlank(), r::toString);
        assertNotEquals(null, r.header("X-Auth-Error").orElse(null));
        assertEquals(error, r.header("X-Auth-Error").orElse(null));
        assertTrue(r.header("X-Auth-User").isEmpty(), "no identity on a 403");
    }
}
