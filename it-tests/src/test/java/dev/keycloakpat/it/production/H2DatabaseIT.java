package dev.keycloakpat.it.production;

import dev.keycloakpat.it.harness.Database;
import dev.keycloakpat.it.harness.KeycloakServer;

import java.sql.Connection;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link DatabaseContractIT} on H2 (Keycloak's dev-file database): the shared server, which the harness starts
 * on a wiped data directory. H2 holds its file open, so there is no JDBC view here; the H2 file is searched
 * for secrets byte by byte by {@code SecretsIT} at the end of the run.
 */
class H2DatabaseIT extends DatabaseContractIT {

    @Override
    protected KeycloakServer startServer() {
        KeycloakServer shared = KeycloakServer.shared();
        assumeTrue(shared.database() == Database.DEV_FILE,
                "SKIPPED: the shared server runs on " + shared.database().kind() + " (-Dkc.db), not H2");
        return shared;
    }

    @Override
    protected void stopServer(KeycloakServer server) {
        // the shared server outlives this class
    }

    @Override
    protected Connection jdbc() {
        return null;
    }
}
