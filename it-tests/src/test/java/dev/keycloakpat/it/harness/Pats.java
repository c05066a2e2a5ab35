package dev.keycloakpat.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one client of the PAT REST API for tests, against one realm: as a user (self-service, with the user's access
 * token), as the realm's admin (admin API, master admin token) and anonymously (leak report, gateway check); plus
 * introspection at Keycloak's standard endpoint, the PAT exchange, the realm policy and events. Every token is
 * created here ({@link #createResponse}); every secret created is remembered ({@link #secrets()}) so a test can
 * search logs and events for it. Token strings are crafted by {@link TokenStrings}, polling is {@link Await}.
 */
public final class Pats {

    /**
     * A resource server: the confidential client that introspects tokens (as {@link #introspectJson(String)} and
     * {@link #active(String)} do; {@link #ensureIntrospector()} creates it).
     */
    public static final String RS = "resource-server";
    public static final String RS_SECRET = "rs-secret";
    private static final String SELF = "/personal-access-tokens";

    /** Every plaintext token created through this class in this JVM. */
    private static final List<String> SECRETS = new ArrayList<>();

    private final TestRealm realm;

    public Pats(TestRealm realm) {
        this.realm = realm;
    }

    public TestRealm realm() {
        return realm;
    }

    public static synchronized List<String> secrets() {
        return List.copyOf(SECRETS);
    }

    private static synchronized void remember(String secret) {
        SECRETS.add(secret);
    }

    // ---- as a user: self-service -------------------------------------------------------------------

    /** A user access token (admin-cli password grant; its tokens carry manage-account) for the self-service API. */
    public String userToken(String username, String password) {
        return realm.userToken("admin-cli", username, password);
    }

    /** The access token of a user created by {@link TestRealm#withUser} (password {@link TestRealm#passwordOf}). */
    public String login(String username) {
        return realm.userToken(username);
    }

    /** Creates a user (see {@link TestRealm#withUser}) and returns their access token. */
    public String newUserToken(String username, String... realmRoles) {
        realm.withUser(username, realmRoles);
        return login(username);
    }

    /** POST /personal-access-tokens as it is answered (a String body is sent as is). */
    public Http.Response createResponse(String userToken, Object request) {
        Http.Response response = realm.http().postJson(realm.path(SELF), request, bearer(userToken));
        if (response.status() == 201) {
            remember(response.json().path("token").asText());
        }
        return response;
    }

    /** POST /personal-access-tokens; returns the creation response (TokenView + token), failing unless 201. */
    public JsonNode create(String userToken, ObjectNode request) {
        return createResponse(userToken, request).expect(201).json();
    }

    /** Creates a read-only token without team or expiry; returns the creation response. */
    public JsonNode createToken(String userToken, String name) {
        return create(userToken, request(name));
    }

    /** A created token: its plaintext (shown once), id and public id. */
    public record Pat(String token, String id, String publicId) {

        /** The token of a creation response. */
        public static Pat of(JsonNode created) {
            String token = created.path("token").asText();
            return new Pat(token, created.path("id").asText(), TokenStrings.publicId(token));
        }
    }

    /**
     * The user (created by {@link TestRealm#withUser}) logs in and creates a token; {@code teamId} may be null,
     * {@code fields} are further CreateRequest fields.
     */
    public Pat createAs(String username, String name, String teamId, Map<String, ?> fields) {
        ObjectNode body = request(name, teamId);
        fields.forEach((k, v) -> body.set(k, Http.JSON.valueToTree(v)));
        return Pat.of(create(login(username), body));
    }

    /** A request body: just the name (read-only, no team, no expiry). */
    public static ObjectNode request(String name) {
        return request(name, null);
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

    /** GET /personal-access-tokens/{id} as it is answered. */
    public Http.Response get(String userToken, String id) {
        return realm.http().get(realm.path(SELF + "/" + id), bearer(userToken));
    }

    public JsonNode view(String userToken, String id) {
        return get(userToken, id).expect(200).json();
    }

    /** GET /personal-access-tokens as it is answered. */
    public Http.Response listResponse(String userToken) {
        return realm.http().get(realm.path(SELF), bearer(userToken));
    }

    public ArrayNode list(String userToken) {
        return (ArrayNode) listResponse(userToken).expect(200).json();
    }

    /** DELETE /personal-access-tokens/{id} as it is answered. */
    public Http.Response revoke(String userToken, String id) {
        return realm.http().delete(realm.path(SELF + "/" + id), bearer(userToken));
    }

    public void revokeAsOwner(String userToken, String id) {
        revoke(userToken, id).expect(204);
    }

    /** POST /personal-access-tokens/{id}/rotate with this grace; fails unless 201. Returns the new token's JSON. */
    public JsonNode rotate(String userToken, String id, int graceSeconds) {
        return realm.http().postJson(realm.path(SELF + "/" + id + "/rotate"),
                Http.JSON.createObjectNode().put("graceSeconds", graceSeconds), bearer(userToken)).expect(201).json();
    }

    /** Any call with the user's bearer token; {@code body} (JSON) may be null. */
    public Http.Response asUser(String userToken, String method, String path, String body) {
        HttpRequest.Builder builder = realm.http().request(path).header("Authorization", "Bearer " + userToken);
        if (body != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return realm.http().send(builder.build());
    }

    public static String[] bearer(String accessToken) {
        return new String[] {"Authorization", "Bearer " + accessToken};
    }

    // ---- anonymous ---------------------------------------------------------------------------------

    public void revokeLeaked(String token) {
        realm.http().postJson(realm.path(SELF + "/revoke"),
                Http.JSON.createObjectNode().put("token", token)).expect(204);
    }

    /** The gateway check endpoint's path. */
    public String checkPath() {
        return realm.path(SELF + "/check");
    }

    /** GET /personal-access-tokens/check with header name/value pairs. */
    public Http.Response check(String... headers) {
        return realm.http().get(checkPath(), headers);
    }

    // ---- as the realm's admin ----------------------------------------------------------------------

    /** GET /admin/realms/{realm}/personal-access-tokens + query, as it is answered. */
    public Http.Response adminList(String query) {
        return realm.admin().get(realm.adminPath(SELF + query));
    }

    public List<String> adminListIds(String query) {
        List<String> ids = new ArrayList<>();
        adminList(query).expect(200).json().forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** The policy as the admin API shows it. */
    public JsonNode adminPolicy() {
        return realm.admin().get(realm.adminPath(SELF + "/policy")).expect(200).json();
    }

    public Http.Response adminPutPolicy(Object body) {
        return realm.admin().put(realm.adminPath(SELF + "/policy"), body);
    }

    /** Replaces the policy through the admin API, failing unless it is accepted. */
    public void adminSetPolicy(String json) {
        adminPutPolicy(json).expect(200);
    }

    // ---- introspection -----------------------------------------------------------------------------

    /** Creates the resource server {@link #RS}, the confidential client apps introspect as (once per realm). */
    public Pats ensureIntrospector() {
        ArrayNode clients = (ArrayNode) realm.admin().get(realm.adminPath("/clients?clientId=" + RS)).expect(200).json();
        if (clients.isEmpty()) {
            realm.createConfidentialClient(RS, RS_SECRET);
        }
        return this;
    }

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

    /** Standard RFC 7662 introspection (secret in the form, no hint) by the resource server {@link #RS}, as an app does it. */
    public JsonNode introspectJson(String token) {
        return realm.http().postForm(realm.introspectionEndpoint(), Http.form(
                "client_id", RS, "client_secret", RS_SECRET, "token", token)).expect(200).json();
    }

    /** Whether the resource server {@link #RS} is told the token is active. */
    public boolean active(String token) {
        return introspectJson(token).path("active").asBoolean(false);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (Http.encode(user) + ":" + Http.encode(password)).getBytes(StandardCharsets.UTF_8));
    }

    // ---- exchange ----------------------------------------------------------------------------------

    /** See {@link TestRealm#bindPatFlow(String, String)}. */
    public String bindPatFlow(String clientUuid, String alias) {
        return realm.bindPatFlow(clientUuid, alias);
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

    /** As {@link #events(String...)}, as a list. */
    public List<JsonNode> eventList(String... types) {
        List<JsonNode> out = new ArrayList<>();
        events(types).forEach(out::add);
        return out;
    }

    /** Polls the stored events of {@code type} until one matches; fails with what it waited for and what it saw. */
    public JsonNode awaitEvent(String type, Predicate<JsonNode> matcher, Supplier<String> what) {
        AtomicReference<List<JsonNode>> seen = new AtomicReference<>(List.of());
        return Await.value(Duration.ofSeconds(15), () -> "for a %s event for %s; saw %s".formatted(type, what.get(), seen.get()),
                () -> {
                    seen.set(eventList(type));
                    return seen.get().stream().filter(matcher).findFirst().orElse(null);
                });
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

    /** See {@link TokenStrings#secretPart}. */
    public static String secretPart(String token) {
        return TokenStrings.secretPart(token);
    }

    /** See {@link TokenStrings#withWrongSecret}. */
    public static String withWrongSecret(String pat, int secretIndex) {
        return TokenStrings.withWrongSecret(pat, secretIndex);
    }

    /** See {@link TokenStrings#withChecksum}. */
    public static String withChecksum(String body) {
        return TokenStrings.withChecksum(body);
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
}
