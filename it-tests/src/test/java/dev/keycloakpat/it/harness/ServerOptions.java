package dev.keycloakpat.it.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an additional Keycloak ({@link KeycloakServer#start(ServerOptions)}) runs with, next to the shared one:
 * its own copy of the distribution ({@code target/keycloak-<name>}, built for its database and cache mode,
 * the build skipped when unchanged), its own log ({@code target/keycloak-<name>.log}), its own database.
 *
 * @param name          distinguishes home directory and log file, e.g. {@code postgres} or {@code cluster-a}
 * @param database      the database kind
 * @param dbName        database name on an external database (created fresh unless {@code freshDatabase} is false)
 * @param cache         {@code --cache} build option: {@code local} or {@code ispn}
 * @param freshDatabase drop and recreate the database before the first start (false for a second cluster node)
 * @param runtimeArgs   extra {@code kc.sh start} options (not build options)
 * @param env           extra environment variables for the Keycloak process, e.g. {@code JAVA_OPTS_APPEND}
 * @param testClock     also deploy the test clock ({@code dev.keycloakpat.it.clock}), so the test can move the
 *                      server's time ({@link TestClockJar})
 */
public record ServerOptions(String name, Database database, String dbName, String cache, boolean freshDatabase,
                            List<String> runtimeArgs, Map<String, String> env, boolean testClock) {

    public ServerOptions {
        runtimeArgs = List.copyOf(runtimeArgs);
        env = Map.copyOf(env);
    }

    /** A dev-file (H2) server with a local cache, called {@code name}. */
    public static ServerOptions named(String name) {
        return new ServerOptions(name, Database.DEV_FILE, Database.DB_NAME, "local", true, List.of(), Map.of(), false);
    }

    public ServerOptions database(Database kind, String databaseName) {
        return new ServerOptions(name, kind, databaseName, cache, freshDatabase, runtimeArgs, env, testClock);
    }

    public ServerOptions cache(String mode) {
        return new ServerOptions(name, database, dbName, mode, freshDatabase, runtimeArgs, env, testClock);
    }

    /** Joins an existing database as is (e.g. a second cluster node): nothing is dropped or created. */
    public ServerOptions existingDatabase() {
        return new ServerOptions(name, database, dbName, cache, false, runtimeArgs, env, testClock);
    }

    public ServerOptions args(String... args) {
        List<String> all = new ArrayList<>(runtimeArgs);
        all.addAll(Arrays.asList(args));
        return new ServerOptions(name, database, dbName, cache, freshDatabase, all, env, testClock);
    }

    public ServerOptions env(String variable, String value) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put(variable, value);
        return new ServerOptions(name, database, dbName, cache, freshDatabase, runtimeArgs, all, testClock);
    }

    /** With the test clock deployed: {@code PUT /realms/{any}/kcpat-test-clock/offset/{seconds}} moves its time. */
    public ServerOptions withTestClock() {
        return new ServerOptions(name, database, dbName, cache, freshDatabase, runtimeArgs, env, true);
    }
}
