package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
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
        Pats.ensureIntrospector(realm);
        user = Pats.login(realm, "dana", "dana-pw");
    }

    @Test
    void aLoweredMaxLifetimeStopsLongerTokensAndRefusesNewOnes(TestRealm realm) {
        String long90 = Pats.created(realm, user, Pats.request("lifetime-90").put("expirationDays", 90)).path("token").asText();
        String short30 = Pats.created(realm, user, Pats.request("lifetime-30").put("expirationDays", 30)).path("token").asText();
        assertTrue(Pats.active(realm, long90));

        Pats.setPolicy(realm, "{\"maxLifetimeDays\":30,\"expirationDays\":[7,30]}");
        try {
            assertFalse(Pats.active(realm, long90), "a 90-day token exceeds the new 30-day maximum");
            assertTrue(Pats.active(realm, short30), "a 30-day token is within it");
            Http.Response refused = Pats.create(realm, user, Pats.request("lifetime-90b").put("expirationDays", 90));
            assertEquals(400, refused.status(), refused::toString);
            assertEquals("invalid_expiration", refused.json().path("error").asText());
        } finally {
            Pats.setPolicy(realm, "{\"maxLifetimeDays\":365,\"expirationDays\":[7,30,60,90]}");
        }
        assertTrue(Pats.active(realm, long90), "valid again once the policy is relaxed");
    }

    @Test
    void switchingWriteOffStopsExistingWriteTokensOnly(TestRealm realm) {
        String writer = Pats.created(realm, user, Pats.request("writer").put("write", true)).path("token").asText();
        String reader = Pats.created(realm, user, Pats.request("reader")).path("token").asText();
        assertEquals("read write", Pats.introspect(realm, writer).path("scope").asText());

        Pats.setPolicy(realm, "{\"writeAllowed\":false}");
        try {
            assertFalse(Pats.active(realm, writer), "write tokens stop validating when write is switched off");
            assertTrue(Pats.active(realm, reader));
            Http.Response refused = Pats.create(realm, user, Pats.request("writer-2").put("write", true));
            assertEquals(400, refused.status(), refused::toString);
            assertEquals("write_not_allowed", refused.json().path("error").asText());
        } finally {
            Pats.setPolicy(realm, "{\"writeAllowed\":true}");
        }
        assertTrue(Pats.active(realm, writer));
    }

    @Test
    void disallowingNoExpirationStopsTokensThatNeverExpire(TestRealm realm) {
        JsonNode forever = Pats.created(realm, user, Pats.request("forever"));
        assertTrue(forever.path("expiresAt").isNull(), forever::toString);
        Pats.setPolicy(realm, "{\"allowNoExpiration\":false}");
        try {
            assertFalse(Pats.active(realm, forever.path("token").asText()));
            assertEquals(400, Pats.create(realm, user, Pats.request("forever-2")).status());
        } finally {
            Pats.setPolicy(realm, "{\"allowNoExpiration\":true}");
        }
    }
}
