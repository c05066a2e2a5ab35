package dev.keycloakpat.it.production;

import dev.keycloakpat.it.harness.Database;
import dev.keycloakpat.it.harness.KeycloakServer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@link DatabaseContractIT} on PostgreSQL (127.0.0.1:5432, database {@value #DB}, created empty), with Keycloak's
 * production cache stack ({@code --cache=ispn}, JGroups on loopback), i.e. the same build as the cluster nodes.
 */
class PostgresDatabaseIT extends DatabaseContractIT {

    static final String DB = "kcpat_it_pg";

    @Override
    protected KeycloakServer startServer() {
        return KeycloakServer.start(Cluster.node("postgres", Database.POSTGRES, DB));
    }

    @Override
    protected Connection jdbc() throws SQLException {
        return server().database().connect(DB);
    }
}
