package dev.keycloakpat.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A realm of its own for one test class, created through the admin REST API and deleted after the class.
 * Helpers cover the setup tests need (users, groups, roles, clients, tokens) and fail loudly with the
 * server's answer when Keycloak refuses something. The {@code with…} methods set a realm up in one chain, e.g.
 * {@code realm.withRealmRoles("reader").withUser("alice", "reader").withTeam("platform", "alice")
 * .withPublicClient("cli").withPatFlow("cli")}; what they create is then found by name ({@link #userId},
 * {@link #teamId}, {@link #clientUuid}, {@link #userToken(String)}).
 */
public final class TestRealm implements AutoCloseable {

    private final KeycloakServer server;
    private final String name;
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, String> clientUuids = new ConcurrentHashMap<>();
    private final Map<String, String> userIds = new ConcurrentHashMap<>();
    private final Map<String, String> teamIds = new ConcurrentHashMap<>();

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
        view.clientUuids.putAll(clientUuids);
        view.userIds.putAll(userIds);
        view.teamIds.putAll(teamIds);
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

    /** The PAT REST API client for this realm (as user, admin or anonymous). */
    public Pats pats() {
        return new Pats(this);
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

    // ---- fixture builder ---------------------------------------------------------------------

    /** The password of the users {@link #withUser} creates: {@code <username>-pw}. */
    public static String passwordOf(String username) {
        return username + "-pw";
    }

    public TestRealm withRealmRoles(String... roles) {
        for (String role : roles) {
            createRealmRole(role);
        }
        return this;
    }

    /** A user with password {@link #passwordOf(String)} and these (existing) realm roles. */
    public TestRealm withUser(String username, String... realmRoles) {
        String id = createUser(username, passwordOf(username));
        for (String role : realmRoles) {
            grantRealmRole(id, role);
        }
        return this;
    }

    /** A user with password {@link #passwordOf(String)} in the group {@code groupId} (none if null); returns its id. */
    public String createMember(String username, String groupId) {
        withUser(username);
        String id = userId(username);
        if (groupId != null) {
            joinGroup(id, groupId);
        }
        return id;
    }

    /** A top-level group (a team, with the default team source) that these users join. */
    public TestRealm withTeam(String team, String... members) {
        String id = createGroup(team);
        teamIds.put(team, id);
        for (String member : members) {
            joinGroup(userId(member), id);
        }
        return this;
    }

    public TestRealm withConfidentialClient(String clientId, String secret) {
        createConfidentialClient(clientId, secret);
        return this;
    }

    public TestRealm withPublicClient(String clientId) {
        createPublicClient(clientId);
        return this;
    }

    /** Binds a flow with just the PAT authenticator as the client's direct-grant flow (the PAT exchange). */
    public TestRealm withPatFlow(String clientId) {
        bindPatFlow(clientUuid(clientId), "pat-direct-grant-" + clientId);
        return this;
    }

    /** Puts {@code audienceClientId} in the audience of the client's tokens (so that client may introspect them). */
    public TestRealm withAudience(String clientId, String audienceClientId) {
        ObjectNode audience = Http.JSON.createObjectNode()
                .put("name", "aud-" + audienceClientId).put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-audience-mapper");
        audience.putObject("config").put("included.client.audience", audienceClientId)
                .put("access.token.claim", "true").put("introspection.token.claim", "true");
        admin().post(adminPath("/clients/" + clientUuid(clientId) + "/protocol-mappers/models"), audience).expect(201);
        return this;
    }

    /** Turns Keycloak's "Standard token exchange" (RFC 8693) on or off for the client. */
    public TestRealm withStandardTokenExchange(String clientId, boolean enabled) {
        updateClient(clientUuid(clientId), client -> (client.has("attributes")
                ? (ObjectNode) client.get("attributes") : client.putObject("attributes"))
                .put("standard.token.exchange.enabled", String.valueOf(enabled)));
        return this;
    }

    /** Writes the realm's PAT policy as its {@code kcpat.policy} attribute (fields not given keep their defaults). */
    public TestRealm withPolicy(String policyJson) {
        setAttribute("kcpat.policy", policyJson);
        return this;
    }

    /**
     * Mail through the SMTP server on {@code 127.0.0.1:smtpPort} (no auth, no TLS; links point at this server), and
     * an e-mail address optional in the user profile (Keycloak's default requires one), so users without one exist.
     */
    public TestRealm withMail(int smtpPort) {
        ObjectNode changes = Http.JSON.createObjectNode();
        changes.putObject("smtpServer").put("host", "127.0.0.1").put("port", String.valueOf(smtpPort))
                .put("from", "keycloak@example.test").put("auth", "false").put("ssl", "false").put("starttls", "false");
        changes.putObject("attributes").put("frontendUrl", server.baseUrl());
        update(changes);
        ObjectNode profile = (ObjectNode) admin().get(adminPath("/users/profile")).expect(200).json();
        for (JsonNode attribute : profile.path("attributes")) {
            if ("email".equals(attribute.path("name").asText())) {
                ((ObjectNode) attribute).remove("required");
            }
        }
        admin().put(adminPath("/users/profile"), profile).expect(200);
        return this;
    }

    /** The id of a team created by {@link #withTeam}. */
    public String teamId(String team) {
        String id = teamIds.get(team);
        if (id == null) {
            throw new AssertionError("no team %s created by withTeam in realm %s".formatted(team, name));
        }
        return id;
    }

    /** An access token of a user created by {@link #withUser} (password grant on admin-cli). */
    public String userToken(String username) {
        return userToken("admin-cli", username, passwordOf(username));
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
        // every attribute goes back: a realm update naming only some lost the others (UnusedTokenIT lost frontendUrl)
        JsonNode current = representation().path("attributes");
        ObjectNode attributes = current.isObject() ? ((ObjectNode) current).deepCopy() : Http.JSON.createObjectNode();
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
        String id = admin().post(adminPath("/users"), user).expect(201).createdId();
        userIds.put(username, id);
        return id;
    }

    public String createUser(String username, String password) {
        return createUser(username, password, username + "@example.test", true);
    }

    public JsonNode user(String userId) {
        return admin().get(adminPath("/users/" + userId)).expect(200).json();
    }

    public String userId(String username) {
        return userIds.computeIfAbsent(username, this::lookUpUserId);
    }

    private String lookUpUserId(String username) {
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
        userIds.values().remove(userId);
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
        String id = createClient(client);
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
        return createClient(client);
    }

    /** Creates a client from its representation; returns its id. */
    public String createClient(ObjectNode client) {
        String id = admin().post(adminPath("/clients"), client).expect(201).createdId();
        clientUuids.put(client.path("clientId").asText(), id);
        return id;
    }

    /** Reads the client, lets {@code change} edit the representation, writes it back. */
    public void updateClient(String clientUuid, Consumer<ObjectNode> change) {
        ObjectNode client = (ObjectNode) admin().get(adminPath("/clients/" + clientUuid)).expect(200).json();
        change.accept(client);
        admin().put(adminPath("/clients/" + clientUuid), client).expect(204);
    }

    /** Creates a role of the client. */
    public void createClientRole(String clientUuid, String role) {
        admin().post(adminPath("/clients/" + clientUuid + "/roles"), Http.JSON.createObjectNode().put("name", role))
                .expect(201);
    }

    /** Grants roles of the client {@code clientId} (e.g. realm-management's view-users) to the user. */
    public void grantClientRoles(String userId, String clientId, String... roles) {
        String uuid = clientUuid(clientId);
        List<JsonNode> reps = new ArrayList<>();
        for (String role : roles) {
            reps.add(admin().get(adminPath("/clients/" + uuid + "/roles/" + Http.encode(role))).expect(200).json());
        }
        admin().post(adminPath("/users/" + userId + "/role-mappings/clients/" + uuid), reps).expect(204);
    }

    /**
     * Creates a top-level flow {@code alias} with the one REQUIRED execution {@code pat-authenticator}
     * and binds it as the direct-grant flow override of the client; returns the flow id.
     */
    public String bindPatFlow(String clientUuid, String alias) {
        ObjectNode flow = Http.JSON.createObjectNode()
                .put("alias", alias).put("description", "PAT exchange").put("providerId", "basic-flow")
                .put("topLevel", true).put("builtIn", false);
        String flowId = admin().post(adminPath("/authentication/flows"), flow).expect(201).createdId();
        String executions = adminPath("/authentication/flows/" + Http.encode(alias) + "/executions");
        admin().post(executions + "/execution", Http.JSON.createObjectNode().put("provider", "pat-authenticator"))
                .expect(201);
        ObjectNode execution = (ObjectNode) admin().get(executions).expect(200).json().get(0);
        execution.put("requirement", "REQUIRED");
        admin().put(executions, execution).expectSuccess();
        updateClient(clientUuid, client -> (client.has("authenticationFlowBindingOverrides")
                ? (ObjectNode) client.get("authenticationFlowBindingOverrides")
                : client.putObject("authenticationFlowBindingOverrides")).put("direct_grant", flowId));
        return flowId;
    }

    /** The internal id of the client with this clientId. */
    public String clientUuid(String clientId) {
        return clientUuids.computeIfAbsent(clientId, this::lookUpClientUuid);
    }

    private String lookUpClientUuid(String clientId) {
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
