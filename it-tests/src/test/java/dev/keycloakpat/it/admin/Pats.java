package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.TestRealm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the admin tests do as users, apps and admins, over HTTP. */
final class Pats {

    static final String INTROSPECTOR = "pat-introspector";
    static final String INTROSPECTOR_SECRET = "introspector-secret";

    private Pats() {
    }

    /** A user's access token through admin-cli (every realm has it; its tokens carry manage-account). */
    static String login(TestRealm realm, String username, String password) {
        return realm.userToken("admin-cli", username, password);
    }

    static Http.Response create(TestRealm realm, String userToken, ObjectNode body) {
        return realm.http().postJson(realm.path("/personal-access-tokens"), body, "Authorization", "Bearer " + userToken);
    }

    /** Creates a token and returns the creation response (TokenView plus "token"). */
    static JsonNode created(TestRealm realm, String userToken, ObjectNode body) {
        return create(realm, userToken, body).expect(201).json();
    }

    static ObjectNode request(String name) {
        return Http.JSON.createObjectNode().put("name", name);
    }

    static Http.Response adminList(TestRealm realm, String query) {
        return realm.admin().get(realm.adminPath("/personal-access-tokens" + query));
    }

    static List<String> adminListIds(TestRealm realm, String query) {
        List<String> ids = new ArrayList<>();
        adminList(realm, query).expect(200).json().forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    static JsonNode policy(TestRealm realm) {
        return realm.admin().get(realm.adminPath("/personal-access-tokens/policy")).expect(200).json();
    }

    static Http.Response putPolicy(TestRealm realm, Object body) {
        return realm.admin().put(realm.adminPath("/personal-access-tokens/policy"), body);
    }

    static void setPolicy(TestRealm realm, String json) {
        putPolicy(realm, json).expect(200);
    }

    /** Creates the confidential client apps use to introspect (once per realm). */
    static void ensureIntrospector(TestRealm realm) {
        ArrayNode clients = (ArrayNode) realm.admin().get(realm.adminPath("/clients?clientId=" + INTROSPECTOR)).expect(200).json();
        if (clients.isEmpty()) {
            realm.createConfidentialClient(INTROSPECTOR, INTROSPECTOR_SECRET);
        }
    }

    /** Standard RFC 7662 introspection without token_type_hint, as an app does it. */
    static JsonNode introspect(TestRealm realm, String pat) {
        return realm.http().postForm(realm.introspectionEndpoint(), Http.form(
                "client_id", INTROSPECTOR, "client_secret", INTROSPECTOR_SECRET, "token", pat)).expect(200).json();
    }

    static boolean active(TestRealm realm, String pat) {
        return introspect(realm, pat).path("active").asBoolean(false);
    }

    /** Polls until the condition holds or the deadline passes (then fails with the description). */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after %d s waiting until %s".formatted(timeout.toSeconds(), what));
            }
            pause();
        }
    }

    static <T> T awaitValue(Duration timeout, String what, Supplier<T> value) {
        Instant deadline = Instant.now().plus(timeout);
        T v;
        while ((v = value.get()) == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after %d s waiting for %s".formatted(timeout.toSeconds(), what));
            }
            pause();
        }
        return v;
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Grants a realm-management role (e.g. view-users) to a user of the realm: a realm admin. */
    static void grantRealmManagementRole(TestRealm realm, String userId, String role) {
        String rm = realm.clientUuid("realm-management");
        JsonNode rep = realm.admin().get(realm.adminPath("/clients/" + rm + "/roles/" + role)).expect(200).json();
        realm.admin().post(realm.adminPath("/users/" + userId + "/role-mappings/clients/" + rm), List.of(rep)).expect(204);
    }

    static Http.Response asUser(TestRealm realm, String token, String method, String path, String body) {
        var builder = realm.http().request(path).header("Authorization", "Bearer " + token);
        if (body != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        }
        return realm.http().send(builder.build());
    }
}
