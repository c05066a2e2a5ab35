package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policy changes apply to new tokens, and a stricter policy also stops existing tokens that now exceed it. */
@KeycloakIT
class PolicyEffectsIT {

    private static String user;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"none\"}");
        realm.createUser("dana", "dana-pw");
        realm.pats().ensureIntrospector();
        user = realm.pats().userToken("dana", "dana-pw");
    }

    @Test
    void aLoweredMaxLifetimeStopsLongerTokensAndRefusesNewOnes(TestRealm realm) {
        String long90 = realm.pats().create(user, Pats.request("lifetime-90").put("expirationDays", 90)).path("token").asText();
        String short30 = realm.pats().create(user, Pats.request("lifetime-30").put("expirationDays", 30)).path("token").asText();
        assertTrue(realm.pats().active(long90));

        realm.pats().adminSetPolicy("{\"maxLifetimeDays\":30,\"expirationDays\":[7,30]}");
        try {
            assertFalse(realm.pats().active(long90), "a 90-day token exceeds the new 30-day maximum");
            assertTrue(realm.pats().active(short30), "a 30-day token is within it");
            Http.Response refused = realm.pats().createResponse(user, Pats.request("lifetime-90b").put("expirationDays", 90));
            assertEquals(400, refused.status(), refused::toString);
            assertEquals("invalid_expiration", refused.json().path("error").asText());
        } finally {
            realm.pats().adminSetPolicy("{\"maxLifetimeDays\":365,\"expirationDays\":[7,30,60,90]}");
        }
        assertTrue(realm.pats().active(long90), "valid again once the policy is relaxed");
    }

    @Test
    void switchingWriteOffStopsExistingWriteTokensOnly(TestRealm realm) {
        String writer = realm.pats().create(user, Pats.request("writer").put("write", true)).path("token").asText();
        String reader = realm.pats().create(user, Pats.request("reader")).path("token").asText();
        assertEquals("read write", realm.pats().introspectJson(writer).path("scope").asText());

        realm.pats().adminSetPolicy("{\"writeAllowed\":false}");
        try {
            assertFalse(realm.pats().active(writer), "write tokens stop validating when write is switched off");
            assertTrue(realm.pats().active(reader));
            Http.Response refused = realm.pats().createResponse(user, Pats.request("writer-2").put("write", true));
            assertEquals(400, refused.status(), refused::toString);
            assertEquals("write_not_allowed", refused.json().path("error").asText());
        } finally {
            realm.pats().adminSetPolicy("{\"writeAllowed\":true}");
        }
        assertTrue(realm.pats().active(writer));
    }

    @Test
    void disallowingNoExpirationStopsTokensThatNeverExpire(TestRealm realm) {
        JsonNode forever = realm.pats().create(user, Pats.request("forever"));
        assertTrue(forever.path("expiresAt").isNull(), forever::toString);
        realm.pats().adminSetPolicy("{\"allowNoExpiration\":false}");
        try {
            assertFalse(realm.pats().active(forever.path("token").asText()));
            assertEquals(400, realm.pats().createResponse(user, Pats.request("forever-2")).status());
        } finally {
            realm.pats().adminSetPolicy("{\"allowNoExpiration\":true}");
        }
    }
}
