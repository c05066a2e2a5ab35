package dev.keycloakpat.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * PAT helpers for the validation tests: create tokens through the self-service API, introspect them at
 * Keycloak's standard endpoint, exchange them, set the realm policy, bind a PAT direct-grant flow, read events.
 * Every secret created here is remembered ({@link #secrets()}) so a test can search logs and events for it.
 */
public final class Pats {

    /** Every plaintext token created through this class in this JVM. */
    private static final List<String> SECRETS = new ArrayList<>();

    private final TestRealm realm;

    public Pats(TestRealm realm) {
        this.realm = realm;
    }

    public static synchronized List<String> secrets() {
        return List.copyOf(SECRETS);
    }

    private static synchronized void remember(String secret) {
        SECRETS.add(secret);
    }

    // ---- self-service ------------------------------------------------------------------------------

    /** A user access token (admin-cli password grant) that may call the self-service API. */
    public String userToken(String username, String password) {
        return realm.userToken("admin-cli", username, password);
    }

    /** POST /personal-access-tokens; returns the creation response (TokenView + token), failing unless 201. */
    public JsonNode create(String userToken, ObjectNode request) {
        JsonNode created = realm.http().postJson(realm.path("/personal-access-tokens"), request,
                "Authorization", "Bearer " + userToken).expect(201).json();
        remember(created.path("token").asText());
        return created;
    }

    /** A request body: name and team (null for none), read-only, no expiry. */
    public static ObjectNode request(String name, String teamId) {
        ObjectNode body = Http.JSON.createObjectNode().put("name", name);
        if (teamId != null) {
            body.put("teamId", teamId);
        }
        return body;
    }

    public static ObjectNode withRoles(ObjectNode request, String... roles) {
        ArrayNode array = request.putArray("roles");
        for (String r : roles) {
            array.add(r);
        }
        return request;
    }

    public JsonNode view(String userToken, String id) {
        return realm.http().get(realm.path("/personal-access-tokens/" + id), "Authorization", "Bearer " + userToken)
                .expect(200).json();
    }

    public ArrayNode list(String userToken) {
        return (ArrayNode) realm.http().get(realm.path("/personal-access-tokens"), "Authorization", "Bearer " + userToken)
                .expect(200).json();
    }

    public void revokeAsOwner(String userToken, String id) {
        realm.http().delete(realm.path("/personal-access-tokens/" + id), "Authorization", "Bearer " + userToken).expect(204);
    }

    public void revokeLeaked(String token) {
        realm.http().postJson(realm.path("/personal-access-tokens/revoke"),
                Http.JSON.createObjectNode().put("token", token)).expect(204);
    }

    // ---- introspection -----------------------------------------------------------------------------

    /** Introspection with client_secret_basic; {@code hint} may be null (plain RFC 7662 client). */
    public Http.Response introspect(String clientId, String secret, String token, String hint) {
        Map<String, String> form = Http.form("token", token);
        if (hint != null) {
            form.put("token_type_hint", hint);
        }
        return realm.http().postForm(realm.introspectionEndpoint(), form, "Authorization", basic(clientId, secret));
    }

    /** Introspection answer as JSON, failing unless HTTP 200. */
    public JsonNode introspectJson(String clientId, String secret, String token) {
        return introspect(clientId, secret, token, null).expect(200).json();
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (Http.encode(user) + ":" + Http.encode(password)).getBytes(StandardCharsets.UTF_8));
    }

    // ---- exchange ----------------------------------------------------------------------------------

    /**
     * Creates a top-level flow {@code alias} with the one REQUIRED execution {@code pat-authenticator}
     * and binds it as the direct-grant flow override of the client; returns the flow id.
     */
    public String bindPatFlow(String clientUuid, String alias) {
        ObjectNode flow = Http.JSON.createObjectNode()
                .put("alias", alias).put("description", "PAT exchange").put("providerId", "basic-flow")
                .put("topLevel", true).put("builtIn", false);
        String flowId = realm.admin().post(realm.adminPath("/authentication/flows"), flow).expect(201).createdId();
        realm.admin().post(realm.adminPath("/authentication/flows/" + Http.encode(alias) + "/executions/execution"),
                Http.JSON.createObjectNode().put("provider", "pat-authenticator")).expect(201);
        ArrayNode executions = (ArrayNode) realm.admin()
                .get(realm.adminPath("/authentication/flows/" + Http.encode(alias) + "/executions")).expect(200).json();
        ObjectNode execution = (ObjectNode) executions.get(0);
        execution.put("requirement", "REQUIRED");
        realm.admin().put(realm.adminPath("/authentication/flows/" + Http.encode(alias) + "/executions"), execution).expectSuccess();

        ObjectNode client = (ObjectNode) realm.admin().get(realm.adminPath("/clients/" + clientUuid)).expect(200).json();
        ObjectNode overrides = client.has("authenticationFlowBindingOverrides")
                ? (ObjectNode) client.get("authenticationFlowBindingOverrides") : client.putObject("authenticationFlowBindingOverrides");
        overrides.put("direct_grant", flowId);
        realm.admin().put(realm.adminPath("/clients/" + clientUuid), client).expect(204);
        return flowId;
    }

    /** grant_type=password with the PAT as password (client secret added for clients created by TestRealm). */
    public Http.Response exchange(String clientId, String username, String pat) {
        return realm.passwordGrant(clientId, username, pat);
    }

    // ---- policy ------------------------------------------------------------------------------------

    /** Writes the realm attribute {@code kcpat.policy}: the current policy (or {}) with these fields replaced. */
    public void setPolicy(ObjectNode changes) {
        String current = realm.attribute("kcpat.policy");
        ObjectNode policy;
        try {
            policy = current == null ? Http.JSON.createObjectNode() : (ObjectNode) Http.JSON.readTree(current);
        } catch (Exception e) {
            throw new AssertionError("unreadable kcpat.policy: " + current, e);
        }
        policy.setAll(changes);
        realm.setAttribute("kcpat.policy", policy.toString());
    }

    // ---- events ------------------------------------------------------------------------------------

    /** Turns on saving of user events for the realm, for these types. */
    public void enableEvents(String... types) {
        ObjectNode changes = Http.JSON.createObjectNode().put("eventsEnabled", true).put("eventsExpiration", 3600);
        ArrayNode enabled = changes.putArray("enabledEventTypes");
        for (String t : types) {
            enabled.add(t);
        }
        realm.update(changes);
    }

    /** GET /admin/realms/{r}/events, newest first. */
    public ArrayNode events(String... types) {
        StringBuilder query = new StringBuilder("?max=1000");
        for (String t : types) {
            query.append("&type=").append(t);
        }
        return (ArrayNode) realm.admin().get(realm.adminPath("/events" + query)).expect(200).json();
    }

    /** The events of these types whose details have {@code pat_id=tokenId}. */
    public List<JsonNode> eventsOf(String tokenId, String... types) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events(types)) {
            if (tokenId.equals(e.path("details").path("pat_id").asText(null))) {
                out.add(e);
            }
        }
        return out;
    }

    // ---- secrets -----------------------------------------------------------------------------------

    /**
     * Fails if any token created through this class in this JVM, or its secret part alone, appears in the server
     * log or in this realm's stored events.
     */
    public void assertNoSecretInLogOrEvents() {
        assertNoSecretInLogOrEvents(List.of());
    }

    /** As {@link #assertNoSecretInLogOrEvents()}, also for other presented token strings (e.g. wrong secrets). */
    public void assertNoSecretInLogOrEvents(List<String> presented) {
        String log = realm.server().log().text();
        String events = realm.admin().get(realm.adminPath("/events?max=100000")).expect(200).body();
        List<String> all = new ArrayList<>(secrets());
        all.addAll(presented);
        if (all.isEmpty()) {
            throw new AssertionError("no token to look for: the check would prove nothing");
        }
        for (String token : all) {
            String secret = secretPart(token);
            for (String needle : List.of(token, secret)) {
                if (log.contains(needle)) {
                    throw new AssertionError("a token secret (of %s…) is in %s".formatted(token.substring(0, 18), realm.server().logFile()));
                }
                if (events.contains(needle)) {
                    throw new AssertionError("a token secret (of %s…) is in the events of %s".formatted(token.substring(0, 18), realm.name()));
                }
            }
        }
    }

    /** The 32 secret characters of a token (after prefix and public id, before the checksum). */
    public static String secretPart(String token) {
        int start = "kcpat_".length() + 12;
        return token.substring(start, start + 32);
    }

    // ---- token strings -----------------------------------------------------------------------------

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /**
     * The same token with one secret character changed and the checksum recomputed (CRC32 in 6 base62 digits,
     * as the token format documents): well-formed, same public id, wrong secret.
     */
    public static String withWrongSecret(String pat, int secretIndex) {
        int at = "kcpat_".length() + 12 + secretIndex;
        String body = pat.substring(0, pat.length() - 6);
        char c = body.charAt(at);
        body = body.substring(0, at) + (c == 'a' ? 'b' : 'a') + body.substring(at + 1);
        return withChecksum(body);
    }

    /** {@code body} (prefix, public id and secret) with its checksum appended: a well-formed token string. */
    public static String withChecksum(String body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] sum = new char[6];
        for (int i = 5; i >= 0; i--) {
            sum[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return body + new String(sum);
    }

    // ---- small JSON helpers ------------------------------------------------------------------------

    public static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    public static Set<String> fieldNames(JsonNode object) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** The payload of a JWT, decoded (no signature check: the tests compare with what Keycloak says). */
    public static JsonNode jwtClaims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new AssertionError("not a JWT: " + jwt);
        }
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            throw new AssertionError("cannot decode JWT payload", e);
        }
    }

    /** Polls {@code condition} until it is true or the deadline passes; returns whether it became true. */
    public static boolean eventually(Duration deadline, Supplier<Boolean> condition) {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            if (Boolean.TRUE.equals(condition.get())) {
                return true;
            }
            if (Instant.now().isAfter(end)) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
