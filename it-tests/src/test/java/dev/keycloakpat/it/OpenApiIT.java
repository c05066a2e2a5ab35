package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.OpenApiDocument;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API reference {@code docs/openapi.yaml} against the running server: every operation it describes is called,
 * with success and refusals, and each real answer (status, required headers, body) must be what the document says.
 * Also: the document is OpenAPI 3.1 with resolvable references, every operation is exercised, and the checker
 * does catch a response that breaks the document.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiIT extends RealmIT {

    private static final String CLIENT = "api-cli";

    private final OpenApiDocument api = OpenApiDocument.load(
            Path.of(System.getProperty("openapi.file", "../docs/openapi.yaml")));
    private final List<String> problems = new ArrayList<>();
    private final Set<String> exercised = new TreeSet<>();

    private Http http;
    private String teamId;
    private String userToken;
    private String bobId;

    private int testsRun;

    @org.junit.jupiter.api.BeforeEach
    void forgetEarlierProblems() {
        problems.clear();
        testsRun++;
    }

    @BeforeAll
    void setUp(TestRealm realm) {
        this.http = realm.http();
        realm.withRealmRoles("reader").withUser("alice", "reader").withUser("bob").withTeam("platform", "alice", "bob")
                .withPublicClient(CLIENT);
        teamId = realm.teamId("platform");
        // a second team named "platform" (a sub-group), so that the bare name is ambiguous at the gateway check
        realm.createSubGroup(realm.createGroup("ops"), "platform");
        bobId = realm.userId("bob");
        userToken = realm.userToken("alice");
    }

    /** Checks one real answer against the document and remembers the operation as exercised. */
    private Http.Response checked(String method, String path, Http.Response response) {
        problems.addAll(api.check(method, path, response));
        String template = api.template(path.split("\\?", 2)[0]);
        exercised.add(method + " " + template);
        return response;
    }

    private String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private String self(String suffix) {
        return realm.path("/personal-access-tokens" + suffix);
    }

    private String admin(String suffix) {
        return "/admin/realms/" + realm.name() + "/personal-access-tokens" + suffix;
    }

    private String adminToken() {
        return realm.server().adminToken();
    }

    @Test
    @Order(1)
    void theDocumentIsOpenApi31WithResolvableReferences() {
        assertEquals(List.of(), api.selfCheck());
    }

    @Test
    @Order(2)
    void selfServiceAnswersAsDocumented() {
        checked("GET", self(""), http.get(self(""))).expect(401);
        checked("GET", self(""), http.get(self(""), bearer(userToken))).expect(200);
        checked("GET", self("/options"), http.get(self("/options"), bearer(userToken))).expect(200);
        checked("GET", self("/options"), http.get(self("/options"))).expect(401);

        ObjectNode request = Pats.withRoles(Pats.request("documented", teamId), "reader").put("expirationDays", 30);
        JsonNode created = checked("POST", self(""), http.postJson(self(""), request, bearer(userToken))).expect(201).json();
        String pat = created.path("token").asText();
        String id = created.path("id").asText();
        checked("POST", self(""), http.postJson(self(""), request, bearer(userToken))).expect(400); // duplicate name
        checked("POST", self(""), http.send(http.request(self("")).header("Authorization", "Bearer " + userToken)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{not json")).build())).expect(400);
        checked("POST", self(""), http.postJson(self(""), Pats.request("no-login", teamId))).expect(401);
        String huge = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        checked("POST", self(""), http.postJson(self(""), huge, bearer(userToken))).expect(413);
        checked("GET", self(""), http.get(self(""), bearer(pat))).expect(403); // a PAT cannot manage PATs

        checked("GET", self("/" + id), http.get(self("/" + id), bearer(userToken))).expect(200);
        checked("GET", self("/no-such-id"), http.get(self("/no-such-id"), bearer(userToken))).expect(404);

        // gateway check: allowed, wrong team, no token
        checked("GET", self("/check"), http.get(self("/check"), "Authorization", Pats.basic("alice", pat))).expect(200);
        checked("GET", self("/check"), http.get(self("/check"), "X-API-Access-Token", pat,
                "X-Required-Team", "elsewhere")).expect(403);
        checked("GET", self("/check"), http.get(self("/check"))).expect(401);
        // gateway check: two credentials at once, and a bare team name that fits two teams
        Http.Response twice = checked("GET", self("/check"), http.get(self("/check"), "Authorization", "Bearer " + pat,
                "X-API-Access-Token", pat)).expect(400);
        assertEquals("ambiguous_request", twice.header("X-Auth-Error").orElse(null), twice::toString);
        Http.Response ambiguousTeam = checked("GET", self("/check"), http.get(self("/check"), bearer(pat)[0],
                bearer(pat)[1], "X-Required-Team", "platform")).expect(400);
        assertEquals("ambiguous_team", ambiguousTeam.header("X-Auth-Error").orElse(null), ambiguousTeam::toString);
        checked("GET", self("/check"), http.get(self("/check"), bearer(pat)[0], bearer(pat)[1],
                "X-Required-Team", "/platform")).expect(200);

        checked("DELETE", self("/" + id), http.delete(self("/" + id), bearer(userToken))).expect(204);
        checked("DELETE", self("/" + id), http.delete(self("/" + id), bearer(userToken))).expect(404);
        checked("GET", self("/check"), http.get(self("/check"), bearer(pat))).expect(401); // revoked

        // the token itself (docs/api.md, "Rotation and self"): whoami, rotation by the owner and by the token
        JsonNode rotating = pats.create(userToken, Pats.request("rotating", teamId).put("expirationDays", 7));
        String rotatingPat = rotating.path("token").asText();
        checked("GET", self("/self"), http.get(self("/self"), bearer(rotatingPat))).expect(200);
        checked("GET", self("/self"), http.get(self("/self"))).expect(401);
        checked("POST", self("/" + rotating.path("id").asText() + "/rotate"), http.postJson(
                self("/" + rotating.path("id").asText() + "/rotate"), "{\"graceSeconds\": -1}", bearer(userToken))).expect(400);
        checked("POST", self("/no-such-id/rotate"), http.postJson(self("/no-such-id/rotate"), "", bearer(userToken))).expect(404);
        checked("POST", self("/" + rotating.path("id").asText() + "/rotate"), http.postJson(
                self("/" + rotating.path("id").asText() + "/rotate"), "", bearer(rotatingPat))).expect(403);
        JsonNode rotated = checked("POST", self("/" + rotating.path("id").asText() + "/rotate"), http.postJson(
                self("/" + rotating.path("id").asText() + "/rotate"), "{\"graceSeconds\": 60}", bearer(userToken)))
                .expect(201).json();
        checked("POST", self("/self/rotate"), http.postJson(self("/self/rotate"), "", bearer(rotated.path("token").asText())))
                .expect(201);
        checked("POST", self("/self/rotate"), http.postJson(self("/self/rotate"), "")).expect(401);

        String leaked = pats.create(userToken, Pats.request("leaked", teamId)).path("token").asText();
        checked("POST", self("/revoke"), http.postJson(self("/revoke"), Map.of("token", leaked))).expect(204);
        checked("POST", self("/revoke"), http.postJson(self("/revoke"), Map.of("token", "not-a-pat"))).expect(400);

        // a leak report: several tokens at once, at most 100
        String reported = pats.create(userToken, Pats.request("reported", teamId)).path("token").asText();
        checked("POST", self("/revoke"), http.postJson(self("/revoke"),
                Map.of("tokens", List.of(reported, "not-a-pat")))).expect(204);
        checked("GET", self("/check"), http.get(self("/check"), bearer(reported))).expect(401); // revoked
        checked("POST", self("/revoke"), http.postJson(self("/revoke"),
                Map.of("tokens", java.util.Collections.nCopies(101, reported)))).expect(400);
        checked("POST", self("/revoke"), http.postJson(self("/revoke"),
                Map.of("token", "kcpat_" + "x".repeat(70 * 1024)))).expect(413);
        // a never-used token whose secret checks are used up by wrong secrets: an honest 429, not a 204
        String unchecked = pats.create(userToken, Pats.request("unchecked", teamId)).path("token").asText();
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flood.add(Pats.withWrongSecret(unchecked, i));
        }
        flood.add(unchecked);
        Http.Response tryLater = checked("POST", self("/revoke"), http.postJson(self("/revoke"), Map.of("tokens", flood)))
                .expect(429);
        assertTrue(tryLater.header("Retry-After").isPresent(), tryLater::toString);
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(3)
    void theRateLimitedCheckAnswersAsDocumented() {
        String pat = pats.create(userToken, Pats.request("limited", teamId)).path("token").asText();
        String policy = admin("/policy");
        checked("PUT", policy, http.putJson(policy, Map.of("rateLimitPerMinute", 1, "rateLimitBurst", 1),
                bearer(adminToken()))).expect(200);
        try {
            int status = 0;
            for (int i = 0; i < 5 && status != 429; i++) {
                status = checked("GET", self("/check"), http.get(self("/check"), bearer(pat))).status();
            }
            assertEquals(429, status, "the check answers 429 once the token's limit is used up");
        } finally {
            checked("PUT", policy, http.putJson(policy, Map.of("rateLimitPerMinute", 0, "rateLimitBurst", 0),
                    bearer(adminToken()))).expect(200);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(4)
    void adminAndPolicyAnswerAsDocumented() {
        JsonNode created = pats.create(userToken, Pats.request("admin-view", teamId));
        String id = created.path("id").asText();
        String userId = realm.userId("alice");
        checked("GET", admin(""), http.get(admin(""), bearer(adminToken()))).expect(200);
        checked("GET", admin("?userId=" + userId + "&first=0&max=10"),
                http.get(admin("?userId=" + userId + "&first=0&max=10"), bearer(adminToken()))).expect(200);
        checked("GET", admin("?max=0"), http.get(admin("?max=0"), bearer(adminToken()))).expect(400);
        checked("GET", admin(""), http.get(admin(""))).expect(401);
        checked("GET", admin(""), http.get(admin(""), bearer(userToken))).expect(403); // alice is no admin

        checked("GET", admin("/policy"), http.get(admin("/policy"), bearer(adminToken()))).expect(200);
        checked("PUT", admin("/policy"), http.putJson(admin("/policy"), Map.of("maxTokensPerUser", 40),
                bearer(adminToken()))).expect(200);
        checked("PUT", admin("/policy"), http.putJson(admin("/policy"), Map.of("noSuchField", 1),
                bearer(adminToken()))).expect(400);

        checked("DELETE", admin("/" + id), http.delete(admin("/" + id), bearer(adminToken()))).expect(204);
        checked("DELETE", admin("/" + id), http.delete(admin("/" + id), bearer(adminToken()))).expect(404);
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(5)
    void adminIncidentToolsAnswerAsDocumented() {
        JsonNode created = pats.create(userToken, Pats.request("incident", teamId));
        String pat = created.path("token").asText();
        String userId = realm.userId("alice");

        // search
        String search = admin("?search=incident&teamId=" + teamId + "&status=active&first=0&max=5");
        JsonNode found = checked("GET", search, http.get(search, bearer(adminToken()))).expect(200).json();
        assertEquals(1, found.size(), found::toString);
        String byPrefix = admin("?search=" + created.path("prefix").asText());
        checked("GET", byPrefix, http.get(byPrefix, bearer(adminToken()))).expect(200);
        checked("GET", admin("?status=revoked"), http.get(admin("?status=revoked"), bearer(adminToken()))).expect(400);

        // lookup by the whole token
        String lookup = admin("/lookup");
        checked("POST", lookup, http.postJson(lookup, Map.of("token", pat), bearer(adminToken()))).expect(200);
        checked("POST", lookup, http.postJson(lookup, Map.of("token", Pats.withWrongSecret(pat, 3)),
                bearer(adminToken()))).expect(404);
        checked("POST", lookup, http.postJson(lookup, Map.of("token", "not-a-pat"), bearer(adminToken()))).expect(400);
        checked("POST", lookup, http.postJson(lookup, Map.of("token", pat))).expect(401);
        checked("POST", lookup, http.postJson(lookup, Map.of("token", pat), bearer(userToken))).expect(403);

        // a token for a client's service account
        ObjectNode client = Http.JSON.createObjectNode().put("clientId", "api-robot").put("enabled", true)
                .put("protocol", "openid-connect").put("publicClient", false).put("secret", "api-robot-secret")
                .put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        String clientUuid = realm.admin().post(realm.adminPath("/clients"), client).expect(201).createdId();
        String robot = realm.admin().get(realm.adminPath("/clients/" + clientUuid + "/service-account-user"))
                .expect(200).json().path("id").asText();
        realm.joinGroup(robot, teamId);
        ObjectNode forRobot = Pats.request("robot", teamId).put("userId", robot).put("expirationDays", 30);
        JsonNode robotToken = checked("POST", admin(""), http.postJson(admin(""), forRobot, bearer(adminToken())))
                .expect(201).json();
        assertEquals("api-robot", robotToken.path("clientId").asText(), robotToken::toString);
        ObjectNode forAlice = Pats.request("not-a-robot", teamId).put("userId", userId);
        Http.Response notRobot = checked("POST", admin(""), http.postJson(admin(""), forAlice, bearer(adminToken())))
                .expect(400);
        assertEquals("not_a_service_account", notRobot.json().path("error").asText(), notRobot::toString);
        checked("POST", admin(""), http.postJson(admin(""), forRobot)).expect(401);

        // bulk revoke: a user's tokens, a team's tokens
        String revoke = admin("/revoke");
        JsonNode revoked = checked("POST", revoke, http.postJson(revoke, Map.of("userId", userId), bearer(adminToken())))
                .expect(200).json();
        assertTrue(revoked.path("revoked").asInt() >= 1, revoked::toString);
        checked("GET", self("/check"), http.get(self("/check"), bearer(pat))).expect(401);
        JsonNode teamRevoked = checked("POST", revoke, http.postJson(revoke, Map.of("teamId", teamId),
                bearer(adminToken()))).expect(200).json();
        assertTrue(teamRevoked.path("revoked").asInt() >= 1, teamRevoked::toString); // at least the robot's
        checked("POST", revoke, http.postJson(revoke, Map.of("userId", "no-such-user"), bearer(adminToken()))).expect(404);
        checked("POST", revoke, http.postJson(revoke, Map.of("userId", userId, "teamId", teamId),
                bearer(adminToken()))).expect(400);
        checked("POST", revoke, http.postJson(revoke, Map.of("userId", userId), bearer(userToken))).expect(403);
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(6)
    void recentLoginCreationLimitAndRequireSslAnswerAsDocumented() throws InterruptedException {
        String policy = admin("/policy");
        // a login older than maxAuthAgeSeconds cannot create: 401 with a step-up challenge
        checked("PUT", policy, http.putJson(policy, Map.of("maxAuthAgeSeconds", 1), bearer(adminToken()))).expect(200);
        try {
            String old = pats.userToken("alice", "alice-pw");
            Thread.sleep(3000);
            Http.Response stale = checked("POST", self(""), http.postJson(self(""), Pats.request("too-late", teamId),
                    bearer(old))).expect(401);
            assertEquals("reauthentication_required", stale.json().path("error").asText(), stale::toString);
            assertTrue(stale.header("WWW-Authenticate").orElse("").contains("max_age=1"), stale::toString);
        } finally {
            checked("PUT", policy, http.putJson(policy, Map.of("maxAuthAgeSeconds", 3600), bearer(adminToken())))
                    .expect(200);
        }

        // the creation limit follows bcryptCost: at 15, one creation a minute
        String bob = pats.userToken("bob", "bob-pw");
        checked("POST", self(""), http.postJson(self(""), Pats.request("bob-1", teamId), bearer(bob))).expect(201);
        checked("PUT", policy, http.putJson(policy, Map.of("bcryptCost", 15), bearer(adminToken()))).expect(200);
        try {
            Http.Response limited = checked("POST", self(""), http.postJson(self(""), Pats.request("bob-2", teamId),
                    bearer(bob))).expect(429);
            assertEquals("too_many_requests", limited.json().path("error").asText(), limited::toString);
        } finally {
            checked("PUT", policy, http.putJson(policy, Map.of("bcryptCost", 10), bearer(adminToken()))).expect(200);
        }

        // plain HTTP where the realm requires SSL
        String before = realm.representation().path("sslRequired").asText("none");
        realm.update(Http.JSON.createObjectNode().put("sslRequired", "all"));
        try {
            checked("GET", self(""), http.get(self(""), bearer(userToken))).expect(403);
            checked("POST", self(""), http.postJson(self(""), Pats.request("no-ssl", teamId), bearer(userToken)))
                    .expect(403);
            checked("GET", self("/check"), http.get(self("/check"), bearer("kcpat_whatever"))).expect(403);
            Http.Response refused = checked("POST", self("/revoke"), http.postJson(self("/revoke"),
                    Map.of("token", "kcpat_whatever"))).expect(403);
            assertEquals("ssl_required", refused.json().path("error").asText(), refused::toString);
        } finally {
            realm.update(Http.JSON.createObjectNode().put("sslRequired", before));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @Order(7)
    void theCheckerCatchesAnAnswerThatBreaksTheDocument() {
        String path = self("/some-id");
        HttpHeaders json = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true);
        // a TokenView without its status, an extra field, an undocumented status, a 201 without Location
        String view = "{\"id\":\"x\",\"name\":\"n\",\"prefix\":\"kcpat_abc\",\"team\":null,\"write\":false,"
                + "\"roles\":null,\"createdAt\":1,\"expiresAt\":null,\"lastUsedAt\":null,\"lastUsedIps\":[],\"rotatedFrom\":null";
        assertEquals(List.of(), api.check("GET", path, new Http.Response(200, json, view + ",\"status\":\"active\"}")));
        assertFalse(api.check("GET", path, new Http.Response(200, json, view + "}")).isEmpty());
        assertFalse(api.check("GET", path, new Http.Response(200, json, view + ",\"status\":\"active\",\"secret\":\"s\"}")).isEmpty());
        assertFalse(api.check("GET", path, new Http.Response(500, json, "{}")).isEmpty());
        assertFalse(api.check("POST", self(""), new Http.Response(201, json,
                view + ",\"status\":\"active\",\"token\":\"kcpat_abc\"}")).isEmpty());
        assertFalse(api.check("PATCH", path, new Http.Response(200, json, "{}")).isEmpty());
    }

    @AfterAll
    void everyOperationOfTheDocumentWasExercised() {
        long tests = Arrays.stream(getClass().getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
        if (testsRun < tests) {
            return; // a selection of the tests ran (e.g. -Dit.test='OpenApiIT#one'): coverage is for the whole class
        }
        List<String> missing = new ArrayList<>(api.operations());
        missing.removeAll(exercised);
        assertTrue(missing.isEmpty(), () -> "operations of docs/openapi.yaml no test called: " + missing);
    }
}
