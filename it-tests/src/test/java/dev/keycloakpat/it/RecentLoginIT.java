package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.RealmIT;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recent login (docs/api.md, "Security guarantees"), issue 12 ("a stolen 5-minute session token becomes a permanent
 * PAT"), against the real Keycloak: creating a token needs a login no older than the policy's
 * {@code maxAuthAgeSeconds}; listing and revoking do not. Creation is also limited per user and minute (by bcrypt
 * cost). Every refusal creates nothing.
 */
class RecentLoginIT extends RealmIT {

    /** Short enough to outlive in a test, long enough for the login → create of one step. */
    private static final int MAX_AUTH_AGE = 2;


    @BeforeAll
    void setUp(TestRealm realm) {
        for (String name : List.of("olga", "fred", "zoe", "ruth", "rita", "una", "pia")) {
            realm.withUser(name);
        }
    }

    /** Each test has users of its own, so that none sees another's tokens or creation count. */
    @BeforeEach
    void defaultPolicy() {
        putPolicy("{\"teamSource\":\"none\",\"maxAuthAgeSeconds\":3600,\"bcryptCost\":10}").expect(200);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Http.Response putPolicy(String json) {
        return realm.admin().put(realm.adminPath("/personal-access-tokens/policy"), json);
    }

    private JsonNode policy() {
        return realm.admin().get(realm.adminPath("/personal-access-tokens/policy")).expect(200).json();
    }

    private JsonNode grant(String user) {
        return realm.passwordGrant("admin-cli", user, user + "-pw").expect(200).json();
    }

    private String login(String user) {
        return grant(user).path("access_token").asText();
    }

    private Http.Response create(String accessToken, String name) {
        return pats.createResponse(accessToken, Pats.request(name));
    }

    private Set<String> names(String accessToken) {
        Set<String> names = new TreeSet<>();
        pats.list(accessToken).forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    /** Lets a login become older than {@link #MAX_AUTH_AGE}, while its access token (5 minutes) stays valid. */
    private static void letTheLoginAge() throws InterruptedException {
        Thread.sleep((MAX_AUTH_AGE + 2) * 1000L);
    }

    /** The 401 reauthentication_required of an old login, with the RFC 9470 challenge; nothing was created. */
    private void assertReauthenticationRequired(String accessToken, String name, int maxAge) {
        Set<String> before = names(accessToken);
        Http.Response r = create(accessToken, name);
        assertEquals(401, r.status(), r::toString);
        assertEquals("reauthentication_required", r.json().path("error").asText(), r::toString);
        assertTrue(r.json().path("errorDescription").asText().contains("sign in again"), r::toString);
        assertFalse(r.body().contains("kcpat_"), "no token in the refusal: " + r);
        String challenge = r.header("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer ") && challenge.contains("error=\"insufficient_user_authentication\"")
                && challenge.contains("max_age=" + maxAge), () -> "RFC 9470 step-up challenge: " + challenge);
        assertEquals(before, names(accessToken), "a refused create creates nothing");
    }

    // ---- recent login ------------------------------------------------------------------------------

    @Test
    void anOldLoginCannotCreateButStillListsAndRevokes() throws Exception {
        String fresh = login("olga");
        String kept = pats.create(fresh, Pats.request("made-while-fresh", null)).path("id").asText();
        putPolicy("{\"maxAuthAgeSeconds\":" + MAX_AUTH_AGE + "}").expect(200);

        String old = login("olga");
        letTheLoginAge();

        assertEquals(Set.of("made-while-fresh"), names(old), "the access token is still valid: it lists");
        assertReauthenticationRequired(old, "made-from-old-login", MAX_AUTH_AGE);
        realm.http().delete(realm.path("/personal-access-tokens/" + kept), "Authorization", "Bearer " + old).expect(204);
        assertEquals(Set.of(), names(old), "revoking needs no recent login");
    }

    @Test
    void aFreshLoginCreates() throws Exception {
        putPolicy("{\"maxAuthAgeSeconds\":" + MAX_AUTH_AGE + "}").expect(200);
        String old = login("fred");
        letTheLoginAge();
        assertReauthenticationRequired(old, "ci", MAX_AUTH_AGE);

        String fresh = login("fred"); // signing in again is all it takes
        JsonNode created = pats.create(fresh, Pats.request("ci", null));
        assertTrue(created.path("token").asText().startsWith("kcpat_"), created::toString);
        assertEquals(Set.of("ci"), names(fresh));
    }

    @Test
    void refreshingTheAccessTokenDoesNotMakeTheLoginRecent() throws Exception {
        putPolicy("{\"maxAuthAgeSeconds\":" + MAX_AUTH_AGE + "}").expect(200);
        JsonNode tokens = grant("zoe");
        letTheLoginAge();
        String refreshed = realm.http().postForm(realm.tokenEndpoint(), Http.form("grant_type", "refresh_token",
                "client_id", "admin-cli", "refresh_token", tokens.path("refresh_token").asText()))
                .expect(200).json().path("access_token").asText();
        assertReauthenticationRequired(refreshed, "after-refresh", MAX_AUTH_AGE);
        assertEquals(Set.of(), names(refreshed));
    }

    @Test
    void zeroSwitchesTheRuleOff() throws Exception {
        putPolicy("{\"maxAuthAgeSeconds\":0}").expect(200);
        String old = login("ruth");
        letTheLoginAge();
        JsonNode created = pats.create(old, Pats.request("no-recent-login-needed", null));
        assertTrue(created.path("token").asText().startsWith("kcpat_"), created::toString);
        assertEquals(Set.of("no-recent-login-needed"), names(old));
    }

    // ---- rate limit ----------------------------------------------------------------------------------

    @Test
    void tooManyCreationsInAMinuteGet429WithRetryAfterAndCreateNothing() {
        // bcrypt cost 14: a couple of seconds of CPU per token, so 2 creations per user and minute
        putPolicy("{\"bcryptCost\":14}").expect(200);
        String access = login("rita");
        pats.create(access, Pats.request("first", null));
        pats.create(access, Pats.request("second", null));

        Http.Response third = create(access, "third");
        assertEquals(429, third.status(), third::toString);
        assertEquals("too_many_requests", third.json().path("error").asText(), third::toString);
        assertFalse(third.json().path("errorDescription").asText().isBlank(), third::toString);
        long retryAfter = Long.parseLong(third.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + third)));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(Set.of("first", "second"), names(access), "the refused create created nothing");

        // another user is not affected
        pats.create(login("una"), Pats.request("una-at-cost-14", null));
    }

    // ---- admin API -----------------------------------------------------------------------------------

    @Test
    void theAdminApiShowsAndChangesMaxAuthAgeSecondsAndRefusesBadValues() {
        putPolicy("{\"maxAuthAgeSeconds\":3600}").expect(200);
        assertEquals(3600, policy().path("maxAuthAgeSeconds").asInt(), "the default: an hour");
        JsonNode updated = putPolicy("{\"maxAuthAgeSeconds\":900}").expect(200).json();
        assertEquals(900, updated.path("maxAuthAgeSeconds").asInt(), updated::toString);
        JsonNode before = policy();
        assertEquals(900, before.path("maxAuthAgeSeconds").asInt());
        for (String bad : List.of("-1", "31536001", "\"an hour\"", "1.5", "null")) {
            Http.Response r = putPolicy("{\"maxAuthAgeSeconds\":" + bad + "}");
            assertEquals(400, r.status(), () -> bad + " -> " + r);
            assertEquals("invalid_policy", r.json().path("error").asText(), r::toString);
            assertTrue(r.json().path("errorDescription").asText().contains("maxAuthAgeSeconds"), r::toString);
            assertEquals(before, policy(), "nothing changed after " + bad);
        }
    }

    @Test
    void aPolicySavedBeforeTheFieldExistedRequiresALoginWithinAnHour() {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"none\"}");
        assertEquals(3600, policy().path("maxAuthAgeSeconds").asInt());
        pats.create(login("pia"), Pats.request("fresh-enough", null));
    }
}
