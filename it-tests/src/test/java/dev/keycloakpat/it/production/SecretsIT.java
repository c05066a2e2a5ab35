package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Database;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.Secrets;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs LAST (class order, see junit-platform.properties): after the whole suite, none of the secrets of the tokens
 * created in this run (every {@code kcpat_…} seen in a response, see {@link Secrets}) is in the server logs, in the
 * events and admin events of any test realm (each realm's events were searched just before it was deleted) or in
 * the database (the H2 file byte by byte, or a dump of the tables on an external database).
 */
@KeycloakIT
@Order(Integer.MAX_VALUE)
class SecretsIT {

    @Test
    void noTokenSecretIsInLogsEventsAdminEventsOrTheDatabase(KeycloakServer server, TestRealm realm) throws Exception {
        // this class's own traffic: creation, a successful and a failed use, a revocation (events of all of them)
        Pats pats = realm.withPolicy("{\"teamSource\":\"none\"}").pats().ensureIntrospector();
        String access = pats.newUserToken("auditor");
        JsonNode kept = pats.createToken(access, "kept");
        String token = kept.path("token").asText();
        assertTrue(pats.active(token));
        assertFalse(pats.active(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A")));
        JsonNode revoked = pats.createToken(access, "revoked");
        pats.revoke(access, revoked.path("id").asText()).expect(204);

        String events = realm.admin().get(realm.adminPath("/events?first=0&max=1000000")).expect(200).body();
        assertTrue(events.contains(kept.path("prefix").asText()), "the events record the token's prefix, so searching them means something");
        realm.scanEventsForSecrets();

        int secrets = Secrets.count();
        System.out.printf("[SecretsIT] %d token secrets created in this run are searched for%n", secrets);
        assertTrue(secrets > 0, "at least one token was created and registered");

        server.stop(); // the database file is complete once Keycloak has closed it

        List<String> leaks = new ArrayList<>(Secrets.leaks());
        long logChars = 0;
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(server.logFile().getParent(), "keycloak*.log")) {
            for (Path log : logs) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                logChars += text.length();
                Secrets.findIn(text).forEach(f -> leaks.add(log.getFileName() + ": secret " + f));
            }
        }
        assertTrue(logChars > 0, "server logs were read");

        String stored = storedData(server);
        assertTrue(stored.contains(kept.path("prefix").asText().substring("kcpat_".length())),
                "the database view holds the stored public id, so searching it means something");
        Secrets.findIn(stored).forEach(f -> leaks.add("database of the shared server: secret " + f));

        System.out.printf("[SecretsIT] searched %d characters of logs, %d of database, %d in all (incl. events)%n",
                logChars, stored.length(), Secrets.scannedChars());
        assertTrue(leaks.isEmpty(), () -> "token secrets leaked: " + leaks);
    }

    /** The shared server's database as text: the H2 files' bytes, or a dump of the token and event tables. */
    private static String storedData(KeycloakServer server) throws IOException, SQLException {
        if (server.database() == Database.DEV_FILE) {
            StringBuilder bytes = new StringBuilder();
            Path h2 = server.config().kcHome().resolve("data/h2");
            try (DirectoryStream<Path> files = Files.newDirectoryStream(h2, "*.db")) {
                for (Path file : files) {
                    bytes.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
            assertTrue(bytes.length() > 0, "H2 files found in " + h2);
            return bytes.toString();
        }
        try (Connection c = server.database().connect(Database.DB_NAME)) {
            StringBuilder dump = new StringBuilder();
            for (String table : List.of("KCPAT_TOKEN", "EVENT_ENTITY", "ADMIN_EVENT_ENTITY")) {
                dump.append(DatabaseContractIT.dumpTable(c, table));
            }
            return dump.toString();
        }
    }
}
