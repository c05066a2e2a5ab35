package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.TestRealm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user-facing calls the production tests make against one realm: users logged in through a public client
 * (so their access tokens carry {@code manage-account}), the self-service API (CONTRACT §3) and introspection
 * by a confidential client (CONTRACT §5). Every call goes over HTTP to the realm's server.
 */
final class Pats {

    static final String LOGIN_CLIENT = "prod-cli";
    static final String RESOURCE_SERVER = "prod-rs";
    static final String RESOURCE_SERVER_SECRET = "prod-rs-secret";
    static final String PASSWORD = "Secret-pw-1";

    private final TestRealm realm;
    private final Map<String, String> userIds = new ConcurrentHashMap<>();

    private Pats(TestRealm realm) {
        this.realm = realm;
    }

    /** Sets the realm up: login client, introspecting client, and a policy without teams, merged with {@code policy}. */
    static Pats setUp(TestRealm realm, String policyJson) {
        realm.createPublicClient(LOGIN_CLIENT);
        realm.createConfidentialClient(RESOURCE_SERVER, RESOURCE_SERVER_SECRET);
        Pats pats = new Pats(realm);
        pats.policy(policyJson);
        return pats;
    }

    /** The calls against a realm already set up by {@link #setUp}, e.g. through another cluster node. */
    static Pats attach(TestRealm realm) {
        return new Pats(realm);
    }

    /** Writes the realm's PAT policy (the realm attribute {@code kcpat.policy}, as the admin policy API stores it). */
    void policy(String policyJson) {
        ObjectNode policy = Http.JSON.createObjectNode().put("teamSource", "none");
        if (policyJson != null) {
            policy.setAll((ObjectNode) parse(policyJson));
        }
        realm.setAttribute("kcpat.policy", policy.toString());
    }

    TestRealm realm() {
        return realm;
    }

    /** Creates an enabled user with {@link #PASSWORD}; returns the id. */
    String user(String username) {
        String id = realm.createUser(username, PASSWORD);
        userIds.put(username, id);
        return id;
    }

    String userId(String username) {
        return userIds.computeIfAbsent(username, realm::userId);
    }

    /** A fresh access token of the user (password grant on the public login client). */
    String login(String username) {
        return realm.userToken(LOGIN_CLIENT, username, PASSWORD);
    }

    Http.Response create(String accessToken, Object body) {
        return realm.http().postJson(realm.path("/personal-access-tokens"), body, bearer(accessToken));
    }

    /** Creates a non-expiring read token called {@code name}; fails unless 201. Returns the creation response JSON. */
    JsonNode createToken(String accessToken, String name) {
        ObjectNode body = Http.JSON.createObjectNode().put("name", name);
        return create(accessToken, body).expect(201).json();
    }

    Http.Response list(String accessToken) {
        return realm.http().get(realm.path("/personal-access-tokens"), bearer(accessToken));
    }

    Http.Response get(String accessToken, String id) {
        return realm.http().get(realm.path("/personal-access-tokens/" + id), bearer(accessToken));
    }

    Http.Response revoke(String accessToken, String id) {
        return realm.http().delete(realm.path("/personal-access-tokens/" + id), bearer(accessToken));
    }

    /** POST /personal-access-tokens/{id}/rotate with this grace; fails unless 201. Returns the new token's JSON. */
    JsonNode rotate(String accessToken, String id, int graceSeconds) {
        return realm.http().postJson(realm.path("/personal-access-tokens/" + id + "/rotate"),
                Http.JSON.createObjectNode().put("graceSeconds", graceSeconds), bearer(accessToken)).expect(201).json();
    }

    /** Introspection of a PAT by the confidential resource server, without token_type_hint. */
    JsonNode introspect(String pat) {
        return realm.http().postForm(realm.introspectionEndpoint(), Http.form(
                "token", pat, "client_id", RESOURCE_SERVER, "client_secret", RESOURCE_SERVER_SECRET)).expect(200).json();
    }

    boolean active(String pat) {
        return introspect(pat).path("active").asBoolean(false);
    }

    static String[] bearer(String accessToken) {
        return new String[] {"Authorization", "Bearer " + accessToken};
    }

    static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
