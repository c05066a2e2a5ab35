package dev.keycloakpat.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.ServerLog;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API reference (docs/api.md, "Install"): the one shipped jar in providers/ is the whole install, and Keycloak starts
 * cleanly with it.
 */
@KeycloakIT
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {

    @Test
    @Order(1)
    void serverIsUpWithExactlyTheShippedJar(KeycloakServer server, TestRealm realm) throws IOException {
        System.out.printf("Keycloak started in %.1f s (of which kc.sh build %.1f s), db %s%n",
                server.lastStartTime().toMillis() / 1000.0, server.lastBuildTime().toMillis() / 1000.0,
                server.database().kind());

        JsonNode health = server.http().get(server.managementUrl() + "/health/ready").expect(200).json();
        assertEquals("UP", health.path("status").asText(), health::toString);
        server.http().get(realm.path("/.well-known/openid-configuration")).expect(200);

        Path providers = server.config().kcHome().resolve("providers");
        List<Path> jars;
        try (Stream<Path> files = Files.list(providers)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
        }
        assertEquals(1, jars.size(), () -> "providers/ must hold only the keycloak-pat jar, found " + jars);
        assertArrayEquals(Files.readAllBytes(server.config().patJar()), Files.readAllBytes(jars.get(0)),
                "providers/ holds a different jar than " + server.config().patJar());
    }

    @Test
    @Order(2)
    void selfServiceEndpointRequiresAToken(TestRealm realm) {
        Http.Response response = realm.http().get(realm.path("/personal-access-tokens"));
        assertEquals(401, response.status(),
                () -> "GET /realms/%s/personal-access-tokens without a token: %s".formatted(realm.name(), response));
    }

    @Test
    @Order(3)
    void selfServiceEndpointRefusesAGarbageToken(TestRealm realm) {
        Http.Response response = realm.http().get(realm.path("/personal-access-tokens"),
                "Authorization", "Bearer not-a-token");
        assertEquals(401, response.status(), response::toString);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void serverLogHasNoExtensionErrors(KeycloakServer server) {
        ServerLog log = server.log();
        List<ServerLog.Entry> errors = log.entries("ERROR", "keycloak-pat", "dev.keycloakpat", "kcpat");
        assertTrue(errors.isEmpty(), () -> "ERROR entries mentioning the extension in %s:%n%s"
                .formatted(log.file(), join(errors)));
        // Keycloak warns (KC-SERVICES0047) for every provider of an internal SPI (introspection, grant types,
        // JPA entities, realm resources...): unavoidable for those. Our own pat-store SPI must not be one.
        List<ServerLog.Entry> ownSpiInternal = log.entriesContaining("KC-SERVICES0047").stream()
                .filter(e -> e.text().contains("(pat-store)") || e.text().contains("pat-store "))
                .toList();
        assertTrue(ownSpiInternal.isEmpty(), () -> "our own pat-store SPI is reported as internal in %s:%n%s"
                .formatted(log.file(), join(ownSpiInternal)));
    }

    private static String join(List<ServerLog.Entry> entries) {
        return entries.stream().map(ServerLog.Entry::text).collect(Collectors.joining("\n"));
    }
}
