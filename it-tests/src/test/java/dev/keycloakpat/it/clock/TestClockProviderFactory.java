package dev.keycloakpat.it.clock;

import dev.keycloakpat.spi.StatelessProviderFactory;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * TEST ONLY, deployed only into the integration tests' Keycloak (never part of the product jar; see
 * {@code harness.TestClockJar}): {@code PUT /realms/{any}/kcpat-test-clock/offset/{seconds}} sets the offset of
 * Keycloak's clock ({@link Time}), which the extension's maintenance job and validation read, so a test can move the
 * whole server days ahead and back. Answers the server's time (epoch seconds) after the change.
 */
public final class TestClockProviderFactory implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String ID = "kcpat-test-clock";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new Resource();
            }

            @Override
            public void close() {
            }
        };
    }

    public static final class Resource {
        @PUT
        @Path("offset/{seconds}")
        @Produces(MediaType.TEXT_PLAIN)
        public String setOffset(@PathParam("seconds") int seconds) {
            Time.setOffset(seconds);
            return Long.toString(Time.currentTime());
        }
    }
}
