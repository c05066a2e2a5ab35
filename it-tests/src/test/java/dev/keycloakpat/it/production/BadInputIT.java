package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and broken input at {@code POST /realms/{realm}/personal-access-tokens}: thousands of fuzzed JSON bodies,
 * oversized bodies, wrong content types, markup and SQL in names, CR/LF in headers. Never a 500; bad input gets a
 * clean 4xx and changes nothing; whatever is stored comes back verbatim as JSON data.
 */
@KeycloakIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private static final long SEED = Long.getLong("kcpat.fuzz.seed", 20261201L);
    private static final int FUZZED_BODIES = 3000;

    private Pats pats;
    private String access;

    @BeforeAll
    void setUp(TestRealm realm) {
        pats = realm.withPolicy("{\"teamSource\":\"none\", \"maxTokensPerUser\": 10000, \"bcryptCost\": 4}").pats().ensureIntrospector();
        access = pats.newUserToken("mallory");
    }

    @Test
    void fuzzedJsonBodiesGetA201OrACleanJson400NeverA500() {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        int before = pats.listResponse(access).expect(200).json().size();
        int created = 0;
        for (int i = 0; i < FUZZED_BODIES; i++) {
            byte[] body = fuzzedBody(random, i);
            Http.Response r = postBytes(body, "application/json");
            if (r.status() == 201) {
                created++;
                JsonNode json = r.json();
                assertTrue(json.path("token").asText().startsWith("kcpat_"), json::toString);
                outcomes.merge("201", 1, Integer::sum);
                continue;
            }
            assertEquals(400, r.status(), () -> "body " + printable(body) + " got " + r);
            JsonNode error = r.json();
            assertTrue(error.path("error").isTextual() && error.path("errorDescription").isTextual(),
                    () -> "400 must be {error, errorDescription}: " + r + " for " + printable(body));
            assertTrue(r.header("Content-Type").orElse("").startsWith("application/json"), r::toString);
            outcomes.merge("400 " + error.path("error").asText(), 1, Integer::sum);
        }
        System.out.printf("[BadInputIT] %d fuzzed bodies (seed %d): %s%n", FUZZED_BODIES, SEED, outcomes);
        assertEquals(before + created, pats.listResponse(access).expect(200).json().size(), "exactly the 201 answers created tokens");
        assertTrue(created > 0 && created < FUZZED_BODIES, "the fuzzing reached both success and refusal: " + outcomes);
    }

    @Test
    void oversizedBodiesAreRefusedAndCreateNothing() {
        int before = pats.listResponse(access).expect(200).json().size();
        for (int size : new int[] {64 * 1024 + 1, 1024 * 1024, 12 * 1024 * 1024}) {
            String name = "x".repeat(size);
            byte[] body = ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            Http.Response r = postBytes(body, "application/json");
            System.out.printf("[BadInputIT] create body of %d bytes: HTTP %d%n", body.length, r.status());
            assertTrue(r.status() == 400 || r.status() == 413, () -> size + " bytes: " + r.status());
            if (r.status() == 400) {
                assertTrue(r.json().path("error").isTextual(), r::toString);
            }
        }
        Http.Response longName = pats.createResponse(access, Http.JSON.createObjectNode().put("name", "n".repeat(101)));
        assertEquals(400, longName.status(), longName::toString);
        assertEquals(before, pats.listResponse(access).expect(200).json().size(), "nothing was created");
    }

    @Test
    void wrongContentTypesAreRefusedWithoutA500() {
        int before = pats.listResponse(access).expect(200).json().size();
        byte[] valid = "{\"name\":\"content type test\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/xml", "text/html", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "application/json-patch+json")) {
            // not tested: a Content-Type header that is not a media type at all (e.g. "garbage///") gets a 500 from
            // Keycloak's own security-headers response filter on every Keycloak endpoint, before and after ours
            Http.Response r = postBytes(valid, type);
            assertTrue(r.status() == 415 || r.status() == 400, () -> type + ": " + r);
        }
        assertEquals(before, pats.listResponse(access).expect(200).json().size(), "nothing was created");
        // no Content-Type at all: Keycloak's REST layer reads the body as the declared JSON; a valid body then
        // succeeds (harmless: the bearer token, not a cookie, authenticates, so no cross-site form can do this)
        Http.Response none = pats.realm().http().send(pats.realm().http().request(pats.realm().path("/personal-access-tokens"))
                .header("Authorization", "Bearer " + access)
                .POST(HttpRequest.BodyPublishers.ofByteArray(valid)).build());
        assertTrue(none.status() == 201 || none.status() == 415 || none.status() == 400, () -> "no content type: " + none);
    }

    @Test
    void markupAndSqlInNamesAreStoredAndReturnedVerbatimAsJsonData() {
        List<String> names = List.of(
                "'; DROP TABLE KCPAT_TOKEN; --",
                "x' OR '1'='1",
                "\" OR 1=1 --",
                "Robert'); DELETE FROM USER_ENTITY; --",
                "<script>alert('pat')</script>",
                "<img src=x onerror=alert(1)>",
                "</textarea><svg onload=alert(1)>",
                "${jndi:ldap://127.0.0.1/a}",
                "{{7*7}} #{7*7} %s %n %x",
                "\\u0000 back\\slash \"quoted\"",
                "&lt;already&gt; &amp; escaped");
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            Http.Response r = pats.createResponse(access, Http.JSON.createObjectNode().put("name", name));
            assertEquals(201, r.status(), () -> name + ": " + r);
            assertTrue(r.header("Content-Type").orElse("").startsWith("application/json"), r::toString);
            assertEquals(name, r.json().path("name").asText());
            ids.add(r.json().path("id").asText());
        }
        JsonNode listed = pats.listResponse(access).expect(200).json();
        for (int i = 0; i < names.size(); i++) {
            Http.Response one = pats.get(access, ids.get(i)).expect(200);
            assertEquals(names.get(i), one.json().path("name").asText(), "returned exactly as stored");
            assertTrue(one.header("Content-Type").orElse("").startsWith("application/json"), "JSON, never rendered as HTML");
            String id = ids.get(i);
            boolean inList = false;
            for (JsonNode t : listed) {
                inList |= t.path("id").asText().equals(id) && t.path("name").asText().equals(names.get(i));
            }
            assertTrue(inList, "listed verbatim: " + names.get(i));
        }
        // the table is intact: the queries still work and other users are unaffected
        String other = pats.newUserToken("innocent");
        pats.createToken(other, "still works");
        assertEquals(1, pats.listResponse(other).expect(200).json().size());
        assertTrue(pats.listResponse(access).expect(200).json().size() >= names.size());
    }

    @Test
    void crLfInNamesAndHeadersIsRefusedOrNeutralised() throws IOException {
        Http.Response r = pats.createResponse(access, Http.JSON.createObjectNode().put("name", "evil\r\nSet-Cookie: pwned=1"));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.header("Set-Cookie").isEmpty(), "no header injected");

        Http.Response path = pats.realm().http().get(pats.realm().path("/personal-access-tokens/x%0d%0aSet-Cookie:%20pwned=1"),
                Pats.bearer(access));
        assertEquals(404, path.status(), path::toString);
        assertTrue(path.headers().allValues("Set-Cookie").stream().noneMatch(v -> v.contains("pwned")), path::toString);

        URI base = URI.create(pats.realm().http().baseUrl());
        String target = pats.realm().path("/personal-access-tokens");
        // a raw request whose header value carries a bare CR and an injected header line after an LF inside a value
        for (String header : List.of("Authorization: Bearer " + access + "\rX-Injected: 1",
                "X-Test: a\r\n Set-Cookie: folded=1",
                "Origin: http://evil.test\r\nX-Forwarded-Host: evil.test%0d%0aSet-Cookie:%20x=1")) {
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + header + "\r\nConnection: close\r\n\r\n";
            String answer = raw(base, request);
            String status = answer.isEmpty() ? "(connection closed)" : answer.lines().findFirst().orElse("");
            assertFalse(status.contains(" 500 "), () -> "raw request with " + header.replace("\r", "\\r").replace("\n", "\\n") + ": " + status);
            String headers = answer.contains("\r\n\r\n") ? answer.substring(0, answer.indexOf("\r\n\r\n")) : answer;
            assertFalse(headers.toLowerCase().contains("x-injected") || headers.toLowerCase().contains("set-cookie: x=1")
                    || headers.toLowerCase().contains("folded=1"), () -> "no injected header reflected: " + headers);
        }
        Http.Response revoke = pats.realm().http().postJson(pats.realm().path("/personal-access-tokens/revoke"),
                "{\"token\":\"kcpat_\\r\\nSet-Cookie: pwned=1\"}");
        assertEquals(400, revoke.status(), revoke::toString);
        assertTrue(revoke.header("Set-Cookie").isEmpty());
    }

    private Http.Response postBytes(byte[] body, String contentType) {
        try {
            return pats.realm().http().send(pats.realm().http().request(pats.realm().path("/personal-access-tokens"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + access)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        } catch (UncheckedIOException e) {
            // a server may close the connection on a body over its limit; that is a refusal, not a 500
            return new Http.Response(413, java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true), "connection closed: " + e.getCause());
        }
    }

    private static String raw(URI base, String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n > 0 && answer.size() < 1_000_000; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException closed) {
                // connection reset after the answer: keep what came
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A body built from a valid one by random structural and byte-level mutations. */
    private static byte[] fuzzedBody(Random r, int i) {
        ObjectNode valid = Http.JSON.createObjectNode().put("name", "fuzz " + i);
        if (r.nextBoolean()) {
            valid.put("expirationDays", new int[] {7, 30, 60, 90}[r.nextInt(4)]);
        }
        if (r.nextInt(4) == 0) {
            valid.put("write", r.nextBoolean());
        }
        String json = valid.toString();
        switch (r.nextInt(12)) {
            case 0 -> json = json.replace("\"fuzz " + i + "\"", randomValue(r));
            case 1 -> json = json.substring(0, 1) + "\"" + randomKey(r) + "\":" + randomValue(r) + "," + json.substring(1);
            case 2 -> json = json.substring(0, r.nextInt(json.length()));
            case 3 -> json = "[".repeat(r.nextInt(3000)) + json;
            case 4 -> json = json.replace("}", ",\"roles\":" + randomValue(r) + "}");
            case 5 -> json = json.replace("}", ",\"expiresAt\":" + randomValue(r) + "}");
            case 6 -> json = json.replace("}", ",\"expirationDays\":" + randomValue(r) + "}");
            case 7 -> json = json.replace("}", ",\"name\":\"dup " + i + "\"}");
            case 8 -> json = randomValue(r);
            case 9 -> json = "\uFEFF" + json;
            case 10 -> {
                // valid JSON, still fine after mutation of whitespace/escapes
                json = json.replace(":", " : ").replace("fuzz", "f\\u0075zz");
            }
            default -> {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                for (int k = 0, flips = 1 + r.nextInt(4); k < flips; k++) {
                    bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
                }
                return bytes;
            }
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomKey(Random r) {
        return new String[] {"name", "teamId", "token", "id", "userId", "secretHash", "__proto__", "", "Name", "ROLES"}[r.nextInt(10)];
    }

    private static String randomValue(Random r) {
        return switch (r.nextInt(16)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> Long.toString(r.nextLong());
            case 3 -> "1e400";
            case 4 -> "-0.5";
            case 5 -> "99999999999999999999999999";
            case 6 -> "[]";
            case 7 -> "{}";
            case 8 -> "[\"offline_access\", 3, null]";
            case 9 -> "\"" + "A".repeat(r.nextInt(200)) + "\"";
            case 10 -> "\"\\ud800\"";
            case 11 -> "NaN";
            case 12 -> "\"\"";
            case 13 -> "\"" + (char) (0x20 + r.nextInt(0x5f)) + "\"";
            case 14 -> "{\"$where\": \"1\"}";
            default -> "\"" + r.nextInt(1000) + "\"";
        };
    }

    private static String printable(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        s = s.length() > 200 ? s.substring(0, 200) + "…" : s;
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
