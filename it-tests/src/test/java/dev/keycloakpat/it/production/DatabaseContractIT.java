package dev.keycloakpat.it.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.Secrets;
import dev.keycloakpat.it.harness.ServerLog;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension on one database kind, against a Keycloak started on an empty database: the changelog creates
 * the schema, the self-service API and introspection work, deleting a user deletes their tokens, unicode names
 * round-trip, the second start leaves the schema alone, and nothing in the database holds a token secret.
 * One subclass per database; an unreachable database skips every test of its subclass with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DatabaseContractIT {

    static final String CHANGESET_ID = "keycloak-pat-1.0.0-token-table";
    static final String OUR_CHANGELOG_RUN = "Using changelog META-INF/keycloak-pat-changelog.xml";

    private KeycloakServer server;
    private TestRealm realm;
    private Pats pats;
    private TestAbortedException skipped;

    /** Starts (or returns) the server on an empty database of this kind; may abort (skip) when it is unreachable. */
    protected abstract KeycloakServer startServer();

    /** Stops the server (a subclass on the shared server leaves it running). */
    protected void stopServer(KeycloakServer server) {
        server.close();
    }

    /** JDBC access to the server's database, or null where there is none while Keycloak runs (H2 file). */
    protected abstract Connection jdbc() throws SQLException;

    @BeforeAll
    void start() {
        try {
            server = startServer();
        } catch (TestAbortedException e) {
            skipped = e;
            return;
        }
        realm = TestRealm.create(server, "it-" + getClass().getSimpleName().toLowerCase(Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        pats = realm.withPolicy("{\"teamSource\":\"none\"}").pats().ensureIntrospector();
        System.out.printf("[%s] Keycloak on %s started in %.1f s (build %.1f s)%n", getClass().getSimpleName(),
                server.database().kind(), server.lastStartTime().toMillis() / 1000.0, server.lastBuildTime().toMillis() / 1000.0);
    }

    @BeforeEach
    void skipWhereTheDatabaseIsUnreachable() {
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage(), skipped);
        }
    }

    @AfterAll
    void stop() {
        if (realm != null) {
            realm.close();
        }
        if (server != null) {
            stopServer(server);
        }
    }

    @Test
    @Order(1)
    void changelogCreatesTheTokenTableAndItsIndexesOnTheEmptyDatabase() throws SQLException {
        List<ServerLog.Entry> runs = server.log().entriesContaining(OUR_CHANGELOG_RUN);
        assertFalse(runs.isEmpty(), "the first start on an empty database must run our changelog; log " + server.logFile());
        try (Connection c = jdbc()) {
            if (c == null) {
                return;
            }
            String table = tableName(c, "KCPAT_TOKEN");
            assertTrue(table != null, "table KCPAT_TOKEN must exist");
            Set<String> indexes = new HashSet<>();
            Set<String> unique = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), null, table, false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        String name = rs.getString("INDEX_NAME").toUpperCase(Locale.ROOT);
                        indexes.add(name);
                        if (!rs.getBoolean("NON_UNIQUE")) {
                            unique.add(name);
                        }
                    }
                }
            }
            assertTrue(indexes.containsAll(List.of("IDX_KCPAT_TOKEN_REALM_USER", "IDX_KCPAT_TOKEN_EXPIRES")),
                    "indexes on KCPAT_TOKEN: " + indexes);
            assertTrue(unique.contains("UK_KCPAT_TOKEN_PUBLIC_ID"), "public id must be unique; unique indexes: " + unique);
            assertEquals(1, changesetRuns(c).size(), "our changeset ran exactly once");
        }
    }

    @Test
    @Order(2)
    void createListGetAndRevokeWorkOverHttp() {
        String access = pats.newUserToken("alice");
        JsonNode created = pats.createToken(access, "ci deploy");
        String id = created.path("id").asText();
        String token = created.path("token").asText();
        assertTrue(token.startsWith("kcpat_") && token.startsWith(created.path("prefix").asText()), created::toString);

        JsonNode list = pats.listResponse(access).expect(200).json();
        assertEquals(1, list.size(), list::toString);
        assertEquals(id, list.get(0).path("id").asText());
        assertFalse(list.toString().contains(Secrets.secretOf(token)), "the list never shows the secret");
        assertEquals("ci deploy", pats.get(access, id).expect(200).json().path("name").asText());

        pats.revoke(access, id).expect(204);
        pats.get(access, id).expect(404);
        assertEquals(0, pats.listResponse(access).expect(200).json().size());
    }

    @Test
    @Order(3)
    void introspectionIsActiveForALiveTokenAndInactiveOnceRevoked() {
        String access = pats.newUserToken("bob");
        JsonNode created = pats.createToken(access, "reader");
        String token = created.path("token").asText();
        JsonNode active = pats.introspectJson(token);
        assertTrue(active.path("active").asBoolean(), active::toString);
        assertEquals("bob", active.path("username").asText(), active::toString);
        pats.revoke(access, created.path("id").asText()).expect(204);
        assertEquals(Http.JSON.createObjectNode().put("active", false), pats.introspectJson(token));
    }

    /**
     * Issue 12: on MariaDB (case-insensitive collation) the lookup by public id finds the row for another spelling of
     * the id. The same secret under a re-cased id (checksum recomputed) must not pass anywhere: a token has one
     * spelling. Tested on every database, so it fails where the collation would let it through.
     */
    @Test
    @Order(35)
    void aTokenWhosePublicIdIsSpelledInAnotherCaseIsRefused() {
        String access = pats.newUserToken("casey");
        String token = pats.createToken(access, "case").path("token").asText();
        assertTrue(pats.active(token));
        String recased = TokenStrings.forge(swapCase(TokenStrings.publicId(token)), TokenStrings.secretPart(token));
        assertFalse(token.equals(recased), "the id has letters to swap");
        assertEquals(Http.JSON.createObjectNode().put("active", false), pats.introspectJson(recased));
        assertTrue(pats.active(token), "the real token is unaffected");
    }

    private static String swapCase(String publicId) {
        StringBuilder b = new StringBuilder();
        for (char c : publicId.toCharArray()) {
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }

    @Test
    @Order(4)
    void deletingAUserDeletesTheirTokens() throws SQLException {
        String userId = pats.realm().withUser("carol").userId("carol");
        String access = pats.login("carol");
        String first = pats.createToken(access, "one").path("token").asText();
        pats.createToken(access, "two");
        assertEquals(2, pats.listResponse(access).expect(200).json().size());
        boolean readable = rowsOfUser(userId) >= 0;
        if (readable) {
            assertEquals(2, rowsOfUser(userId), "both tokens stored");
        }
        realm.deleteUser(userId);
        assertFalse(pats.active(first), "a deleted user's token is inactive");
        if (readable) {
            assertEquals(0, rowsOfUser(userId), "a deleted user's tokens are deleted from the database");
        }
    }

    @Test
    @Order(5)
    void unicodeNamesAreStoredAndReturnedVerbatim() throws SQLException {
        String access = pats.newUserToken("dora");
        List<String> names = List.of("Grüße aus Köln", "日本語のトークン", "токен для CI", "🚀 deploy 🔑",
                "עברית ومعها العربية", "e\u0301 combining", "emoji \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 family");
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ObjectNode body = Http.JSON.createObjectNode().put("name", name);
            JsonNode created = pats.createResponse(access, body).expect(201).json();
            assertEquals(name, created.path("name").asText(), "creation answer");
            ids.add(created.path("id").asText());
        }
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), pats.get(access, ids.get(i)).expect(200).json().path("name").asText(), "GET after store");
        }
        try (Connection c = jdbc()) {
            if (c == null) {
                return;
            }
            for (int i = 0; i < names.size(); i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT NAME FROM KCPAT_TOKEN WHERE ID = ?")) {
                    ps.setString(1, ids.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(names.get(i), rs.getString(1), "stored in the database as sent");
                    }
                }
            }
        }
    }

    @Test
    @Order(6)
    void aSecondStartLeavesTheSchemaAloneAndTokensSurvive() throws SQLException {
        String access = pats.newUserToken("erin");
        String survivorToken = pats.createToken(access, "survivor").path("token").asText();
        JsonNode doomed = pats.createToken(access, "doomed");
        String revokedBeforeRestart = doomed.path("token").asText();
        pats.revoke(access, doomed.path("id").asText()).expect(204);
        List<String> before = changesetRunsOrEmpty();

        int linesBefore = server.log().lines().size();
        server.restart();
        List<String> afterRestart = server.log().lines();
        List<String> newLines = afterRestart.subList(linesBefore, afterRestart.size());
        assertTrue(newLines.stream().noneMatch(l -> l.contains(OUR_CHANGELOG_RUN)),
                "the changelog must not run again on the second start");
        assertTrue(newLines.stream().noneMatch(l -> l.contains(" ERROR ")),
                () -> "no errors on the second start:\n" + String.join("\n", newLines.stream().filter(l -> l.contains(" ERROR ")).toList()));
        assertEquals(before, changesetRunsOrEmpty(), "DATABASECHANGELOG is unchanged by the second start");

        assertTrue(pats.active(survivorToken), "a token survives the restart");
        assertFalse(pats.active(revokedBeforeRestart), "a token revoked before the restart stays revoked");
    }

    /**
     * The maintenance job's queries (expired, rotated-away and unused tokens, expiry and unused-token reminders with
     * the {@code UNUSED_NOTIFIED_AT} column) run on this database: with every rule on, a few runs (every 2 s) log no
     * failure. (What they find is shown on H2 by UnusedTokenIT and ExpiryReminderIT.)
     */
    @Test
    @Order(55)
    void theMaintenanceJobRunsItsQueriesOnThisDatabase() throws InterruptedException {
        int linesBefore = server.log().lines().size();
        ObjectNode changes = Http.JSON.createObjectNode();
        changes.putObject("smtpServer").put("host", "127.0.0.1").put("port", "1").put("from", "keycloak@example.test");
        realm.update(changes);
        realm.withPolicy("{\"teamSource\":\"none\", \"unusedRevokeDays\": 30, \"notifyDaysBeforeExpiry\": 7}");
        try {
            Thread.sleep(7_000);
            List<String> lines = server.log().lines();
            List<String> failures = lines.subList(linesBefore, lines.size()).stream()
                    .filter(l -> l.contains("maintenance failed")).toList();
            assertTrue(failures.isEmpty(), () -> "the maintenance job failed on this database:\n" + String.join("\n", failures));
        } finally {
            realm.withPolicy("{\"teamSource\":\"none\"}");
        }
    }

    @Test
    @Order(7)
    void theDatabaseHoldsNoTokenSecret() throws SQLException {
        String stored = pats.createToken(pats.newUserToken("fay"), "stored").path("token").asText();
        try (Connection c = jdbc()) {
            if (c == null) {
                return; // the H2 file is checked byte by byte at the end of the run (SecretsIT)
            }
            StringBuilder dump = new StringBuilder();
            for (String table : List.of("KCPAT_TOKEN", "EVENT_ENTITY", "ADMIN_EVENT_ENTITY")) {
                dump.append(dumpTable(c, table));
            }
            assertTrue(Secrets.count() > 0, "tokens were created and registered");
            assertTrue(dump.indexOf(TokenStrings.publicId(stored)) >= 0,
                    "the dump must contain the stored (non-secret) public ids, else it proves nothing");
            List<String> found = Secrets.findIn(dump);
            assertTrue(found.isEmpty(), () -> "token secrets found in the " + server.database().kind() + " database: " + found);
            System.out.printf("[%s] %d characters of KCPAT_TOKEN and event tables hold none of %d token secrets%n",
                    getClass().getSimpleName(), dump.length(), Secrets.count());
        }
    }

    /** Rows of the user in KCPAT_TOKEN, or -1 where the database cannot be read while Keycloak runs (H2). */
    private long rowsOfUser(String userId) throws SQLException {
        try (Connection c = jdbc()) {
            if (c == null) {
                return -1;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM KCPAT_TOKEN WHERE USER_ID = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    private List<String> changesetRunsOrEmpty() throws SQLException {
        try (Connection c = jdbc()) {
            return c == null ? List.of() : changesetRuns(c);
        }
    }

    /**
     * ID, date and order of each execution of our changeset recorded by Liquibase, in any of the changelog tables
     * (Keycloak keeps an extension's changelog in a table of its own, e.g. {@code DATABASECHANGELOG_KEYCLOAK_P}).
     */
    private static List<String> changesetRuns(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                String upper = name.toUpperCase(Locale.ROOT);
                if (upper.startsWith("DATABASECHANGELOG") && !upper.startsWith("DATABASECHANGELOGLOCK")) {
                    tables.add(name);
                }
            }
        }
        List<String> runs = new ArrayList<>();
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ID, DATEEXECUTED, ORDEREXECUTED FROM " + table + " WHERE ID = ?")) {
                ps.setString(1, CHANGESET_ID);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(table + ": " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                    }
                }
            }
        }
        return runs;
    }

    private static String tableName(Connection c, String wanted) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(wanted)) {
                    return rs.getString("TABLE_NAME");
                }
            }
        }
        return null;
    }

    /** Every value of every row of {@code table} as text (a pg_dump-like view of what a stolen database shows). */
    static String dumpTable(Connection c, String table) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(rs.getString(i)).append('\t');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    KeycloakServer server() {
        return server;
    }
}
