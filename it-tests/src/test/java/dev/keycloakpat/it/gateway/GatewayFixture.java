package dev.keycloakpat.it.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.TestRealm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Setup the gateway tests share: users create PATs through the self-service API like the account console,
 * the realm policy is written to its realm attribute, and a client exchanges PATs through the
 * {@code pat-authenticator}. Also crafts well-formed tokens with a chosen secret (as an attacker would).
 */
final class GatewayFixture {

    static final String LOGIN_CLIENT = "gateway-it-login";
    static final String PASSWORD = "Secret-pw-1";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final TestRealm realm;

    GatewayFixture(TestRealm realm) {
        this.realm = realm;
        realm.createPublicClient(LOGIN_CLIENT);
    }

    /** A created token: its plaintext (shown once), id and public id. */
    record Pat(String token, String id, String publicId) {
    }

    String checkPath() {
        return realm.path("/personal-access-tokens/check");
    }

    /** GET /check with header name/value pairs. */
    Http.Response check(String... headers) {
        return realm.http().get(checkPath(), headers);
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String userWithTeam(String username, String groupId) {
        String id = realm.createUser(username, PASSWORD);
        if (groupId != null) {
            realm.joinGroup(id, groupId);
        }
        return id;
    }

    /** The user creates a token via POST /personal-access-tokens; {@code fields} are extra CreateRequest fields. */
    Pat create(String username, String name, String teamId, Map<String, Object> fields) {
        ObjectNode body = Http.JSON.createObjectNode().put("name", name);
        if (teamId != null) {
            body.put("teamId", teamId);
        }
        fields.forEach((k, v) -> body.set(k, Http.JSON.valueToTree(v)));
        String access = realm.userToken(LOGIN_CLIENT, username, PASSWORD);
        JsonNode created = realm.http().postJson(realm.path("/personal-access-tokens"), body,
                "Authorization", "Bearer " + access).expect(201).json();
        String token = created.path("token").asText();
        return new Pat(token, created.path("id").asText(), token.substring(6, 18));
    }

    void revoke(String username, Pat pat) {
        String access = realm.userToken(LOGIN_CLIENT, username, PASSWORD);
        realm.http().delete(realm.path("/personal-access-tokens/" + pat.id()), "Authorization", "Bearer " + access).expect(204);
    }

    /** Writes the realm's PAT policy (contract §7 fields; the rest keep their defaults). */
    void policy(Map<String, Object> fields) {
        realm.setAttribute("kcpat.policy", Http.toJson(fields));
    }

    void defaultPolicy() {
        policy(Map.of());
    }

    /** A well-formed token (valid checksum) for {@code publicId} with the given 32-character base62 secret. */
    static String craft(String publicId, String secret) {
        String body = "kcpat_" + publicId + secret;
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] sum = new char[6];
        for (int i = 5; i >= 0; i--) {
            sum[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return body + new String(sum);
    }

    /** A random 32-character base62 secret. */
    static String randomSecret(java.util.Random random) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append(BASE62.charAt(random.nextInt(62)));
        }
        return sb.toString();
    }

    // ---- roles ----------------------------------------------------------------------------------

    /** Creates a client {@code clientId} with a client role; returns the client's internal id. */
    String clientWithRole(String clientId, String role) {
        String uuid = realm.createPublicClient(clientId);
        realm.admin().post(realm.adminPath("/clients/" + uuid + "/roles"), Http.JSON.createObjectNode().put("name", role)).expect(201);
        return uuid;
    }

    void grantClientRole(String userId, String clientUuid, String role) {
        JsonNode rep = realm.admin().get(realm.adminPath("/clients/" + clientUuid + "/roles/" + Http.encode(role))).expect(200).json();
        realm.admin().post(realm.adminPath("/users/" + userId + "/role-mappings/clients/" + clientUuid), List.of(rep)).expect(204);
    }

    // ---- exchange -------------------------------------------------------------------------------

    /** A confidential client whose direct-grant flow is just the PAT authenticator (contract §6). */
    void exchangeClient(String clientId, String secret) {
        String alias = "pat-direct-grant-" + clientId;
        ObjectNode flow = Http.JSON.createObjectNode().put("alias", alias).put("providerId", "basic-flow")
                .put("topLevel", true).put("builtIn", false).put("description", "PAT exchange");
        realm.admin().post(realm.adminPath("/authentication/flows"), flow).expect(201);
        realm.admin().post(realm.adminPath("/authentication/flows/" + alias + "/executions/execution"),
                Map.of("provider", "pat-authenticator")).expect(201);
        ArrayNode executions = (ArrayNode) realm.admin().get(realm.adminPath("/authentication/flows/" + alias + "/executions")).expect(200).json();
        ObjectNode execution = (ObjectNode) executions.get(0);
        execution.put("requirement", "REQUIRED");
        realm.admin().put(realm.adminPath("/authentication/flows/" + alias + "/executions"), execution).expectSuccess();
        String flowId = null;
        for (JsonNode f : realm.admin().get(realm.adminPath("/authentication/flows")).expect(200).json()) {
            if (alias.equals(f.path("alias").asText())) {
                flowId = f.path("id").asText();
            }
        }
        String uuid = realm.createConfidentialClient(clientId, secret);
        ObjectNode client = (ObjectNode) realm.admin().get(realm.adminPath("/clients/" + uuid)).expect(200).json();
        client.putObject("authenticationFlowBindingOverrides").put("direct_grant", flowId);
        realm.admin().put(realm.adminPath("/clients/" + uuid), client).expect(204);
    }

    // ---- events ---------------------------------------------------------------------------------

    void enableEvents() {
        ObjectNode changes = Http.JSON.createObjectNode().put("eventsEnabled", true);
        realm.update(changes);
    }

    /** The realm's stored LOGIN_ERROR events (newest first). */
    List<JsonNode> loginErrors() {
        List<JsonNode> out = new ArrayList<>();
        realm.admin().get(realm.adminPath("/events?type=LOGIN_ERROR&max=1000")).expect(200).json().forEach(out::add);
        return out;
    }

    /** Polls until an event matches, or fails with what was seen. */
    JsonNode awaitLoginError(Predicate<JsonNode> matcher, Supplier<String> what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        List<JsonNode> seen = List.of();
        while (Instant.now().isBefore(deadline)) {
            seen = loginErrors();
            for (JsonNode e : seen) {
                if (matcher.test(e)) {
                    return e;
                }
            }
            pause(200);
        }
        throw new AssertionError("no LOGIN_ERROR event for " + what.get() + " in " + seen);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
