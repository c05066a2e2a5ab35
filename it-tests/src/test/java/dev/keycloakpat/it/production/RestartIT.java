package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full restart of Keycloak (the process stopped with SIGTERM, started again on the same database): what was
 * stored survives, what was revoked stays revoked, and a use still pending in memory is written on shutdown.
 */
@KeycloakIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartIT {

    private Pats pats;
    private String survivor;
    private String survivorId;
    private String revoked;
    private String usedId;
    private long usedAfter;
    private List<String> logAfterRestart;

    @BeforeAll
    void createUseRevokeThenRestart(KeycloakServer server, TestRealm realm) {
        pats = realm.withPolicy("{\"teamSource\":\"none\"}").pats().ensureIntrospector();
        String access = pats.newUserToken("rita");
        JsonNode kept = pats.createToken(access, "kept");
        survivor = kept.path("token").asText();
        survivorId = kept.path("id").asText();
        JsonNode doomed = pats.createToken(access, "revoked just before the restart");
        revoked = doomed.path("token").asText();
        JsonNode used = pats.createToken(access, "used just before the restart");
        usedId = used.path("id").asText();
        assertTrue(pats.active(revoked));

        usedAfter = used.path("createdAt").asLong();
        assertTrue(pats.active(used.path("token").asText()), "a successful use, pending in memory");
        pats.revoke(access, doomed.path("id").asText()).expect(204);

        int linesBefore = server.log().lines().size();
        server.restart();
        List<String> lines = server.log().lines();
        logAfterRestart = lines.subList(linesBefore, lines.size());
        System.out.printf("[RestartIT] Keycloak restarted in %.1f s%n", server.lastStartTime().toMillis() / 1000.0);
    }

    @Test
    void keycloakClosesTheExtensionOnShutdown() {
        assertTrue(logAfterRestart.stream().anyMatch(l -> l.contains("keycloak-pat stopped; wrote the last-used times of")),
                "Keycloak must close our factory on shutdown (the pat-runtime factory logs it)");
    }

    @Test
    void tokensSurviveTheRestart() {
        assertTrue(pats.active(survivor), "a token created before the restart is valid after it");
        JsonNode listed = pats.listResponse(pats.login("rita")).expect(200).json();
        assertEquals(2, listed.size(), listed::toString);
        assertTrue(listed.toString().contains(survivorId));
    }

    @Test
    void aTokenRevokedJustBeforeTheRestartStaysRevoked() {
        assertFalse(pats.active(revoked));
    }

    @Test
    void aLastUseStillPendingInMemoryIsWrittenOnShutdown() {
        // a new process has nothing in memory: a lastUsedAt now can only come from the database
        JsonNode used = pats.get(pats.login("rita"), usedId).expect(200).json();
        assertTrue(used.path("lastUsedAt").isNumber(), () -> "lastUsedAt must be stored by the shutdown: " + used);
        assertTrue(used.path("lastUsedAt").asLong() >= usedAfter, used::toString);
        assertTrue(used.path("lastUsedAt").asLong() <= System.currentTimeMillis() / 1000 + 5, used::toString);
    }
}
