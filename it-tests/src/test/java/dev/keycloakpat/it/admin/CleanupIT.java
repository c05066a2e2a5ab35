package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maintenance job deletes tokens expired longer than the realm's {@code expiredRetentionDays}, and only those.
 * Time travel without touching the server's clock or database: tokens made to expire a few seconds from now, in a
 * realm with retention 0 (deleted by the first run after they expire) and a realm with the default 30 days
 * (kept, shown as expired). The harness runs the job every 2 seconds.
 */
@KeycloakIT
class CleanupIT {

    @Test
    void cleanupDeletesExactlyTheTokensPastRetention(KeycloakServer server, TestRealm realm) {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"none\",\"expiredRetentionDays\":0}");
        realm.createUser("ivan", "ivan-pw");
        String ivan = realm.pats().userToken("ivan", "ivan-pw");

        try (TestRealm keeping = TestRealm.create(server, realm.name() + "-keep")) {
            keeping.setAttribute("kcpat.policy", "{\"teamSource\":\"none\"}");
            assertEquals(30, keeping.pats().adminPolicy().path("expiredRetentionDays").asInt(), "default retention");
            keeping.createUser("judy", "judy-pw");
            String judy = keeping.pats().userToken("judy", "judy-pw");

            long now = Instant.now().getEpochSecond();
            // expires first, in the realm that keeps expired tokens for 30 days
            String kept = keeping.pats().create(judy, Pats.request("kept").put("expiresAt", now + 3)).path("id").asText();
            // expires a little later, in the realm that keeps them for 0 days
            String expiring = realm.pats().create(ivan, Pats.request("expiring").put("expiresAt", now + 5)).path("id").asText();
            String live = realm.pats().create(ivan, Pats.request("live").put("expirationDays", 7)).path("id").asText();
            String revoked = realm.pats().create(ivan, Pats.request("revoked").put("expirationDays", 7)).path("id").asText();

            realm.http().delete(realm.path("/personal-access-tokens/" + revoked), "Authorization", "Bearer " + ivan).expect(204);
            assertFalse(realm.pats().adminListIds("").contains(revoked), "a revoked token is deleted at once");

            Await.until(Duration.ofSeconds(60), "the expired token of the retention-0 realm is deleted",
                    () -> !realm.pats().adminListIds("").contains(expiring));
            // that run started after `expiring` expired, hence after `kept` expired too, and went over every realm
            assertEquals(List.of(live), realm.pats().adminListIds(""), "the live token stays");
            JsonNode keptList = keeping.pats().adminList("").expect(200).json();
            assertEquals(1, keptList.size(), keptList::toString);
            assertEquals(kept, keptList.get(0).path("id").asText());
            assertEquals("expired", keptList.get(0).path("status").asText(), "kept, shown as expired, within 30 days");
            assertTrue(keptList.get(0).path("expiresAt").asLong() <= Instant.now().getEpochSecond());
        }
    }
}
