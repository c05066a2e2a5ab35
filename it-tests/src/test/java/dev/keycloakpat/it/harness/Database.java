package dev.keycloakpat.it.harness;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The database Keycloak runs on: {@code dev-file} (H2 under {@code kc.home/data}, wiped by the server
 * start) or an external PostgreSQL / MariaDB on 127.0.0.1, given a freshly created database.
 * An external database that is not reachable skips the tests (JUnit assumption), it never passes them.
 * Host and port can be overridden with {@code -Dkc.dbHost} / {@code -Dkc.dbPort}, the database name with
 * {@code -Dkc.dbName} (default {@code kcpat_it}).
 */
public enum Database {

    DEV_FILE("dev-file", null, 0, null, null),
    POSTGRES("postgres", "127.0.0.1", 5432, "postgres", "jdbc:postgresql://%s:%d/%s"),
    MARIADB("mariadb", "127.0.0.1", 3306, "root", "jdbc:mariadb://%s:%d/%s");

    /** The database name created (dropped first) for each run on an external database. */
    public static final String DB_NAME = System.getProperty("kc.dbName", "kcpat_it");

    private final String kind;
    private final String defaultHost;
    private final int defaultPort;
    private final String user;
    private final String urlPattern;

    Database(String kind, String host, int port, String user, String urlPattern) {
        this.kind = kind;
        this.defaultHost = host;
        this.defaultPort = port;
        this.user = user;
        this.urlPattern = urlPattern;
    }

    public static Database of(String kind) {
        for (Database db : values()) {
            if (db.kind.equalsIgnoreCase(kind)) {
                return db;
            }
        }
        throw new IllegalArgumentException("kc.db=%s is not supported; use dev-file, postgres or mariadb".formatted(kind));
    }

    public String kind() {
        return kind;
    }

    public boolean external() {
        return this != DEV_FILE;
    }

    /** Database host, overridable with {@code -Dkc.dbHost=...}. */
    public String host() {
        return System.getProperty("kc.dbHost", defaultHost);
    }

    /** Database port, overridable with {@code -Dkc.dbPort=...}. */
    public int port() {
        return Integer.getInteger("kc.dbPort", defaultPort);
    }

    /** Build-time option(s) for {@code kc.sh build}. */
    public List<String> buildArgs() {
        return List.of("--db=" + kind);
    }

    /** Runtime options for {@code kc.sh start}. */
    public List<String> runtimeArgs() {
        return runtimeArgs(DB_NAME);
    }

    /** Runtime options for {@code kc.sh start} on the database {@code dbName}. */
    public List<String> runtimeArgs(String dbName) {
        if (!external()) {
            return List.of();
        }
        return List.of("--db-url=" + jdbcUrl(dbName), "--db-username=" + user);
    }

    /**
     * Skips the calling test (JUnit assumption) with a clear message when this external database is not
     * reachable here. No-op for dev-file.
     */
    public void assumeReachable() {
        if (!external()) {
            return;
        }
        String problem = connectProblem();
        Assumptions.assumeTrue(problem == null,
                () -> "SKIPPED: needs %s on %s:%d, which is not reachable (%s); start %s to run these tests"
                        .formatted(kind, host(), port(), problem, kind));
    }

    /** A JDBC connection to {@code dbName} as the harness's database user (external databases only). */
    public Connection connect(String dbName) throws SQLException {
        if (!external()) {
            throw new IllegalStateException("dev-file has no JDBC access while Keycloak runs");
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        return DriverManager.getConnection(jdbcUrl(dbName), props);
    }

    /**
     * Skips the calling tests when the database server is not reachable, then drops and recreates
     * {@link #DB_NAME} so every run starts from an empty schema. No-op for dev-file.
     */
    public void prepareFreshDatabase() {
        prepareFreshDatabase(DB_NAME);
    }

    /** Like {@link #prepareFreshDatabase()}, for the database {@code dbName}. */
    public void prepareFreshDatabase(String dbName) {
        if (!external()) {
            return;
        }
        String problem = connectProblem();
        Assumptions.assumeTrue(problem == null,
                () -> "SKIPPED: -Dkc.db=%s but %s:%d is not reachable (%s); start %s or run with the default dev-file database"
                        .formatted(kind, host(), port(), problem, kind));
        String maintenanceDb = this == POSTGRES ? "postgres" : "";
        Properties props = new Properties();
        props.setProperty("user", user);
        try (Connection connection = DriverManager.getConnection(jdbcUrl(maintenanceDb), props);
             Statement statement = connection.createStatement()) {
            if (this == POSTGRES) {
                statement.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
                statement.execute("CREATE DATABASE " + dbName + " ENCODING 'UTF8'");
            } else {
                statement.execute("DROP DATABASE IF EXISTS " + dbName);
                statement.execute("CREATE DATABASE " + dbName + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database %s on %s as %s: %s"
                    .formatted(dbName, jdbcUrl(maintenanceDb), user, e.getMessage()), e);
        }
    }

    private String jdbcUrl(String database) {
        return urlPattern.formatted(host(), port(), database);
    }

    /** {@code null} when a TCP connection to the database port succeeds, else why it failed. */
    private String connectProblem() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port()), 2000);
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
