package dev.keycloakpat.it.production;

import dev.keycloakpat.it.harness.Database;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.ServerOptions;

import java.sql.Connection;
import java.sql.SQLException;

/** {@link DatabaseContractIT} on MariaDB (127.0.0.1:3306, database {@value #DB}, created empty, utf8mb4). */
class MariaDbDatabaseIT extends DatabaseContractIT {

    static final String DB = "kcpat_it_maria";

    @Override
    protected KeycloakServer startServer() {
        return KeycloakServer.start(ServerOptions.named("mariadb").database(Database.MARIADB, DB));
    }

    @Override
    protected Connection jdbc() throws SQLException {
        return server().database().connect(DB);
    }
}
