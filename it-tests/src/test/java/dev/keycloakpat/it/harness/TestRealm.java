package dev.keycloakpat.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A realm of its own for one test class, created through the admin REST API and deleted after the class.
 * Helpers cover the setup tests need (users, groups, roles, clients, tokens) and fail loudly with the
 * server's answer when Keycloak refuses something.
 */
public final class TestRealm implements AutoCloseable {

    private final KeycloakServer server;
    private final String name;
    private final Map<String, String> clientSecrets = new HashMap<>();

    private TestRealm(KeycloakServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates an enabled realm called {@code name}. */
    public static TestRealm create(KeycloakServer server, String name) {
        ObjectNode realm = Http.JSON.createObjectNode()
                .put("realm", name)
                .put("enabled", true)
                .put("sslRequired", "none")
                // every test realm records user and admin events (with representations), so that the final
                // secrets check (see Secrets) can prove no token secret ends up in them
                .put("eventsEnabled", true)
                .put("adminEventsEnabled", true)
                .put("adminEventsDetailsEnabled", true);
        server.admin().post("", realm).expect(201);
        return new TestRealm(server, name);
    }

    /** A realm created some other way (e.g. from a full representation); {@link #close()} deletes it. */
    public static TestRealm existing(KeycloakServer server, String name) {
        return new TestRealm(server, name);
    }

    /**
     * The same realm as seen through another server sharing this one's database (a cluster node); same client
     * secrets. Closing the view deletes the realm too, so close only one of them.
     */
    public TestRealm on(KeycloakServer other) {
        TestRealm view = new TestRealm(other, name);
        view.clientSecrets.putAll(clientSecrets);
        return view;
    }

    public String name() {
        return name;
    }

    public KeycloakServer server() {
        return server;
    }

    /** The admin API as master admin (paths relative to {@code /admin/realms}; see {@link #adminPath(String)}). */
    public AdminApi admin() {
        return server.admin();
    }

    /** Plain HTTP against the server. */
    public Http http() {
        return server.http();
    }

    /** {@code /realms/<name>} + suffix, e.g. {@code path("/personal-access-tokens")}. */
    public String path(String suffix) {
        return "/realms/" + name + suffix;
    }

    /** {@code /<name>} + suffix, for {@link AdminApi} calls on this realm, e.g. {@code adminPath("/users")}. */
    public String adminPath(String suffix) {
        return "/" + name + suffix;
    }

    public String tokenEndpoint() {
        return path("/protocol/openid-connect/token");
    }

    public String introspectionEndpoint() {
        return path("/protocol/openid-connect/token/introspect");
    }

    // ---- realm -------------------------------------------------------------------------------

    public JsonNode representation() {
        return admin().get(adminPath("")).expect(200).json();
    }

    /** Partially updates the realm: only the fields present in {@code changes} are touched. */
    public void update(ObjectNode changes) {
        admin().put(adminPath(""), changes).expect(204);
    }

    public void setAttribute(String key, String value) {
        ObjectNode attributes = Http.JSON.createObjectNode();
        attributes.put(key, value);
        ObjectNode changes = Http.JSON.createObjectNode();
        changes.set("attributes", attributes);
        update(changes);
    }

    /** The realm attribute, or {@code null} if unset. */
    public String attribute(String key) {
        JsonNode value = representation().path("attributes").get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    // ---- users ----------------------------------------------------------------------------------

    /**
     * Creates a fully set-up user (first/last name, verified email, permanent password, no required actions)
     * so password grants work with Keycloak 26's user profile. Returns the user id.
     */
    public String createUser(String username, String password, String email, boolean enabled) {
        ObjectNode user = Http.JSON.createObjectNode()
                .put("username", username)
                .put("enabled", enabled)
                .put("email", email)
                .put("emailVerified", true)
                .put("firstName", capitalize(username))
                .put("lastName", "Tester");
        user.putArray("requiredActions");
        ObjectNode credential = user.putArray("credentials").addObject();
        credential.put("type", "password").put("value", password).put("temporary", false);
        return admin().post(adminPath("/users"), user).expect(201).createdId();
    }

    public String createUser(String username, String password) {
        return createUser(username, password, username + "@example.test", true);
    }

    public JsonNode user(String userId) {
        return admin().get(adminPath("/users/" + userId)).expect(200).json();
    }

    public String userId(String username) {
        JsonNode users = admin().get(adminPath("/users?exact=true&username=" + Http.encode(username))).expect(200).json();
        if (users.isEmpty()) {
            throw new AssertionError("no user %s in realm %s".formatted(username, name));
        }
        return users.get(0).path("id").asText();
    }

    public void setUserEnabled(String userId, boolean enabled) {
        ObjectNode user = (ObjectNode) user(userId);
        user.put("enabled", enabled);
        admin().put(adminPath("/users/" + userId), user).expect(204);
    }

    public void deleteUser(String userId) {
        admin().delete(adminPath("/users/" + userId)).expect(204);
    }

    // ---- groups ---------------------------------------------------------------------------------

    /** Creates a top-level group; returns its id. */
    public String createGroup(String groupName) {
        ObjectNode group = Http.JSON.createObjectNode().put("name", groupName);
        return admin().post(adminPath("/groups"), group).expect(201).createdId();
    }

    /** Creates a child group of {@code parentId}; returns its id. */
    public String createSubGroup(String parentId, String groupName) {
        ObjectNode group = Http.JSON.createObjectNode().put("name", groupName);
        Http.Response response = admin().post(adminPath("/groups/" + parentId + "/children"), group).expectSuccess();
        return response.header("Location").isPresent() ? response.createdId() : response.json().path("id").asText();
    }

    public void joinGroup(String userId, String groupId) {
        admin().put(adminPath("/users/" + userId + "/groups/" + groupId), "").expect(204);
    }

    public void leaveGroup(String userId, String groupId) {
        admin().delete(adminPath("/users/" + userId + "/groups/" + groupId)).expect(204);
    }

    // ---- roles ----------------------------------------------------------------------------------

    public void createRealmRole(String roleName) {
        ObjectNode role = Http.JSON.createObjectNode().put("name", roleName);
        admin().post(adminPath("/roles"), role).expect(201);
    }

    public JsonNode realmRole(String roleName) {
        return admin().get(adminPath("/roles/" + Http.encode(roleName))).expect(200).json();
    }

    public void grantRealmRole(String userId, String roleName) {
        admin().post(adminPath("/users/" + userId + "/role-mappings/realm"), List.of(realmRole(roleName))).expect(204);
    }

    public void revokeRealmRole(String userId, String roleName) {
        admin().delete(adminPath("/users/" + userId + "/role-mappings/realm"), List.of(realmRole(roleName))).expect(204);
    }

    // ---- clients --------------------------------------------------------------------------------

    /** Confidential client with client-secret auth, direct access grants on, service accounts off; returns its id. */
    public String createConfidentialClient(String clientId, String secret) {
        ObjectNode client = Http.JSON.createObjectNode()
                .put("clientId", clientId)
                .put("enabled", true)
                .put("protocol", "openid-connect")
                .put("publicClient", false)
                .put("clientAuthenticatorType", "client-secret")
                .put("secret", secret)
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true)
                .put("serviceAccountsEnabled", false);
        String id = admin().post(adminPath("/clients"), client).expect(201).createdId();
        clientSecrets.put(clientId, secret);
        return id;
    }

    /** Public client with direct access grants on (standard flow off); returns its id. */
    public String createPublicClient(String clientId) {
        ObjectNode client = Http.JSON.createObjectNode()
                .put("clientId", clientId)
                .put("enabled", true)
                .put("protocol", "openid-connect")
                .put("publicClient", true)
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true);
        return admin().post(adminPath("/clients"), client).expect(201).createdId();
    }

    /** The internal id of the client with this clientId. */
    public String clientUuid(String clientId) {
        ArrayNode clients = (ArrayNode) admin().get(adminPath("/clients?clientId=" + Http.encode(clientId))).expect(200).json();
        if (clients.isEmpty()) {
            throw new AssertionError("no client %s in realm %s".formatted(clientId, name));
        }
        return clients.get(0).path("id").asText();
    }

    // ---- tokens ---------------------------------------------------------------------------------

    /** The raw token-endpoint answer of a password grant (client secret added for clients created here). */
    public Http.Response passwordGrant(String clientId, String username, String password) {
        Map<String, String> form = Http.form(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password);
        String secret = clientSecrets.get(clientId);
        if (secret != null) {
            form.put("client_secret", secret);
        }
        return http().postForm(tokenEndpoint(), form);
    }

    /** A user access token via password grant; fails with Keycloak's answer if the grant is refused. */
    public String userToken(String clientId, String username, String password) {
        return passwordGrant(clientId, username, password).expect(200).json().path("access_token").asText();
    }

    /** Deletes the realm. */
    @Override
    public void close() {
        if (server.isRunning()) {
            scanEventsForSecrets();
            Http.Response response = admin().delete(adminPath(""));
            if (response.status() != 204 && response.status() != 404) {
                throw new AssertionError("cannot delete realm %s: %s".formatted(name, response));
            }
        }
    }

    /** Events and admin events go with the realm: look for token secrets in them before it is deleted. */
    public void scanEventsForSecrets() {
        for (String kind : new String[] {"events", "admin-events"}) {
            Http.Response events = admin().get(adminPath("/" + kind + "?first=0&max=1000000"));
            if (events.status() == 404) {
                return; // a test deleted the realm itself
            }
            Secrets.scan(kind + " of realm " + name, events.expect(200).body());
        }
    }

        private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public String toString() {
        return "TestRealm[" + name + " @ " + server.baseUrl() + "]";
    }
}
