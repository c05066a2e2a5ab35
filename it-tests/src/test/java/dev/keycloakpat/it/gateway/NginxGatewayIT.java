package dev.keycloakpat.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.keycloakpat.it.harness.Pats.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nginx {@code auth_request} recipe of docs/gateway.md, run by a real nginx in front of a tiny app:
 * the app sees the identity and never the PAT; wrong team, read-only write, revoked and rate-limited
 * requests are refused by nginx before they reach the app.
 */
class NginxGatewayIT extends RealmIT {

    private EchoUpstream app;
    private Nginx nginx;
    /** Set when nginx is not installed: every test that needs it is then reported SKIPPED with this reason. */
    private TestAbortedException noNginx;
    private String platform;
    private String aliceId;

    @BeforeAll
    void setUp(TestRealm realm, KeycloakServer server) throws IOException {
        platform = realm.createGroup("platform");
        String data = realm.createGroup("data");
        realm.createRealmRole("deploy");
        aliceId = realm.createMember("alice", platform);
        realm.grantRealmRole(aliceId, "deploy");
        realm.createMember("dan", data);
        app = new EchoUpstream();
        URI kc = URI.create(server.baseUrl());
        Path prefix = Path.of("target", "nginx-" + realm.name());
        try {
            nginx = Nginx.start(prefix, kc.getHost() + ":" + kc.getPort(), app.hostPort(), realm.name());
        } catch (TestAbortedException e) {
            // an abort in @BeforeAll is reported as "Tests run: 0", which looks like a pass: skip per test instead
            noNginx = e;
        }
    }

    @BeforeEach
    void requireNginx(TestInfo test) {
        if (noNginx != null && !test.getTestMethod().map(m -> m.getName().startsWith("docs")).orElse(false)) {
            throw new TestAbortedException(noNginx.getMessage(), noNginx);
        }
    }

    @AfterAll
    void tearDown() {
        if (nginx != null) {
            nginx.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private Http.Response viaNginx(String method, String path, String... headers) {
        HttpRequest.Builder b = realm.http().request(nginx.baseUrl() + path);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpRequest.BodyPublisher body = method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"x\":1}");
        return realm.http().send(b.method(method, body).build());
    }

    private static List<String> seen(JsonNode echo, String header) {
        List<String> out = new ArrayList<>();
        echo.path("headers").path(header).forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void allowedRequestReachesTheAppWithTheIdentityAndWithoutThePat() {
        Pats.Pat pat = pats.createAs("alice", "nginx-allowed", platform, Map.of());
        Http.Response r = viaNginx("GET", "/repo/info?x=1", "Authorization", "Bearer " + pat.token(),
                "X-Auth-User", "admin", "X-Auth-Roles", "admin", "X-Auth-Team-Id", "forged");
        assertEquals(200, r.status(), () -> r + "\n" + nginx.errorLog());
        JsonNode echo = r.json();
        assertEquals("/repo/info?x=1", echo.path("path").asText());
        assertEquals(List.of("alice"), seen(echo, "x-auth-user"), "the client's forged X-Auth-User is replaced");
        assertEquals(List.of(aliceId), seen(echo, "x-auth-user-id"));
        assertEquals(List.of("platform"), seen(echo, "x-auth-team"));
        assertEquals(List.of(platform), seen(echo, "x-auth-team-id"));
        assertEquals(List.of("read"), seen(echo, "x-auth-scope"));
        assertEquals(List.of(pat.id()), seen(echo, "x-auth-token-id"));
        List<String> roles = List.of(seen(echo, "x-auth-roles").get(0).split(","));
        assertTrue(roles.contains("deploy") && !roles.contains("admin"), () -> "live roles only: " + roles);
        assertTrue(seen(echo, "authorization").isEmpty(), () -> "the PAT leaked upstream: " + echo);
        assertFalse(echo.toString().contains(pat.token()), () -> "the PAT leaked upstream: " + echo);
    }

    @Test
    void gitStyleBasicAuthAndTheApiAccessTokenHeaderWorkToo() {
        Pats.Pat pat = pats.createAs("alice", "nginx-basic", platform, Map.of());
        Http.Response basicAuth = viaNginx("GET", "/info/refs?service=git-upload-pack", "Authorization", basic("alice", pat.token()));
        assertEquals(200, basicAuth.status(), basicAuth::toString);
        assertEquals(List.of("alice"), seen(basicAuth.json(), "x-auth-user"));
        assertTrue(seen(basicAuth.json(), "authorization").isEmpty());

        Http.Response header = viaNginx("GET", "/v2/", "X-API-Access-Token", pat.token());
        assertEquals(200, header.status(), header::toString);
        assertTrue(seen(header.json(), "x-api-access-token").isEmpty(), () -> "the PAT leaked upstream: " + header.json());
        assertFalse(header.json().toString().contains(pat.token()));
    }

    @Test
    void tokenOfAnotherTeamIsForbiddenBeforeTheApp() {
        Pats.Pat pat = pats.createAs("dan", "nginx-other-team", teamOf("dan"), Map.of());
        int before = app.requests();
        Http.Response r = viaNginx("GET", "/", "Authorization", "Bearer " + pat.token());
        assertEquals(403, r.status(), r::toString);
        assertEquals("wrong_team", r.header("X-Auth-Error").orElse(null), () -> "X-Auth-Error on " + r.headers());
        assertEquals(before, app.requests(), "a refused request never reaches the app");
    }

    @Test
    void readOnlyTokenCannotPostButAWriteTokenCan() {
        Pats.Pat readOnly = pats.createAs("alice", "nginx-read-only", platform, Map.of());
        int before = app.requests();
        Http.Response r = viaNginx("POST", "/upload", "Authorization", "Bearer " + readOnly.token());
        assertEquals(403, r.status(), r::toString);
        assertEquals("read_only_token", r.header("X-Auth-Error").orElse(null));
        assertEquals(before, app.requests());
        viaNginx("GET", "/download", "Authorization", "Bearer " + readOnly.token()).expect(200);

        Pats.Pat writer = pats.createAs("alice", "nginx-writer", platform, Map.of("write", true));
        Http.Response ok = viaNginx("POST", "/upload", "Authorization", "Bearer " + writer.token());
        assertEquals(200, ok.status(), ok::toString);
        assertEquals("POST", ok.json().path("method").asText());
        assertEquals(List.of("read write"), seen(ok.json(), "x-auth-scope"));
    }

    @Test
    void revokedOrMissingTokenIs401WithABasicChallenge() {
        Pats.Pat pat = pats.createAs("alice", "nginx-revoked", platform, Map.of());
        viaNginx("GET", "/", "Authorization", "Bearer " + pat.token()).expect(200);
        pats.revokeAsOwner(pats.login("alice"), pat.id());
        int before = app.requests();
        for (Http.Response r : List.of(viaNginx("GET", "/", "Authorization", "Bearer " + pat.token()), viaNginx("GET", "/"))) {
            assertEquals(401, r.status(), r::toString);
            String challenge = r.header("WWW-Authenticate").orElse("");
            assertTrue(challenge.startsWith("Basic ") && challenge.contains("realm=\"" + realm.name() + "\""),
                    () -> "git and registry clients need the Basic challenge: " + r.headers());
        }
        assertEquals(before, app.requests());
    }

    @Test
    void overTheLimitNginxAnswers429WithRetryAfter() {
        Pats.Pat pat = pats.createAs("alice", "nginx-limited", platform, Map.of());
        realm.withPolicy(Http.toJson(Map.of("rateLimitPerMinute", 3)));
        try {
            for (int i = 0; i < 3; i++) {
                viaNginx("GET", "/", "Authorization", "Bearer " + pat.token()).expect(200);
            }
            int before = app.requests();
            Http.Response r = viaNginx("GET", "/", "Authorization", "Bearer " + pat.token());
            assertEquals(429, r.status(), () -> r + "\n" + nginx.errorLog());
            long retryAfter = Long.parseLong(r.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + r.headers())));
            assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
            assertEquals("rate_limited", r.header("X-Auth-Error").orElse(null));
            assertEquals(before, app.requests());
        } finally {
            realm.withPolicy("{}");
        }
    }

    @Test
    void docsShowExactlyTheRecipeThisTestRuns() throws IOException {
        Path docs = findUp(Path.of("docs", "gateway.md"));
        String text = Files.readString(docs);
        assertTrue(text.contains("```nginx\n" + Nginx.recipe() + "```"),
                () -> docs + " must show the nginx recipe of " + Nginx.TEMPLATE + " verbatim (between its recipe markers)");
    }

    private String teamOf(String username) {
        return realm.admin().get(realm.adminPath("/users/" + realm.userId(username) + "/groups")).expect(200).json()
                .get(0).path("id").asText();
    }

    private static Path findUp(Path relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new AssertionError("no " + relative + " above " + Path.of("").toAbsolutePath());
    }
}
