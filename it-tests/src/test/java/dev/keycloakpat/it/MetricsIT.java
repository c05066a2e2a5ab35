package dev.keycloakpat.it;

import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7 §3: validations by outcome and verified-token cache hits/misses are counted on Keycloak's
 * metrics endpoint (management port, {@code --metrics-enabled=true}), and nothing secret shows there.
 */
@KeycloakIT
class MetricsIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)", Pattern.MULTILINE);

    private static Pats pats;
    private static String pat;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.withPolicy("{\"maxTokensPerUser\":50}").withUser("metrics-user").withTeam("metrics-team", "metrics-user");
        pats = realm.pats().ensureIntrospector();
        pat = pats.create(pats.login("metrics-user"), Pats.request("metrics", realm.teamId("metrics-team"))).path("token").asText();
    }

    @Test
    void validAndGarbageIntrospectionsAreCountedByOutcomeAndCacheResult(KeycloakServer server) {
        String before = metrics(server);
        assertActive(pat, true);
        assertActive(pat, true);
        assertActive(pat, true);
        String garbage = "kcpat_" + "A".repeat(50);
        assertActive(garbage, false);
        String after = metrics(server);

        assertTrue(sum(after, "keycloak_pat_validations_total", "outcome=\"valid\"")
                        - sum(before, "keycloak_pat_validations_total", "outcome=\"valid\"") >= 3,
                () -> "valid outcomes did not move:\n" + patLines(after));
        assertTrue(sum(after, "keycloak_pat_validations_total", "outcome=\"malformed\"")
                        - sum(before, "keycloak_pat_validations_total", "outcome=\"malformed\"") >= 1,
                () -> "malformed outcome did not move:\n" + patLines(after));
        // a fresh token: the first use misses the cache (bcrypt), the next two hit it
        assertTrue(sum(after, "keycloak_pat_cache_total", "result=\"miss\"")
                        - sum(before, "keycloak_pat_cache_total", "result=\"miss\"") >= 1,
                () -> "cache misses did not move:\n" + patLines(after));
        assertTrue(sum(after, "keycloak_pat_cache_total", "result=\"hit\"")
                        - sum(before, "keycloak_pat_cache_total", "result=\"hit\"") >= 2,
                () -> "cache hits did not move:\n" + patLines(after));
    }

    @Test
    void metricsNeverShowATokenOrItsPrefix(KeycloakServer server) {
        assertActive(pat, true);
        String publicId = TokenStrings.publicId(pat);
        String out = metrics(server);
        assertFalse(out.contains(pat), "the token is on /metrics");
        assertFalse(out.contains(publicId), "the token's public id is on /metrics");
        assertFalse(out.contains(TokenStrings.secretPart(pat)), "the token's secret is on /metrics");
        assertFalse(out.contains(pats.realm().userId("metrics-user")), "the token owner's id is on /metrics");
    }

    private static void assertActive(String token, boolean active) {
        assertEquals(active, pats.active(token), "introspection active");
    }

    private static String metrics(KeycloakServer server) {
        return server.http().get(server.managementUrl() + "/metrics").expect(200).body();
    }

    /** The sum of all samples of {@code name} whose labels contain {@code label} (0 when there is none). */
    static double sum(String exposition, String name, String label) {
        double total = 0;
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            if (m.group(1).equals(name) && m.group(2) != null && m.group(2).contains(label)) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    private static String patLines(String exposition) {
        StringBuilder out = new StringBuilder();
        for (String line : exposition.split("\n")) {
            if (line.contains("keycloak_pat")) {
                out.append(line).append('\n');
            }
        }
        return out.length() == 0 ? "(no keycloak_pat meters at all)" : out.toString();
    }
}
