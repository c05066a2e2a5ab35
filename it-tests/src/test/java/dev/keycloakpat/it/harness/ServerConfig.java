package dev.keycloakpat.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the harness runs, from system properties (set by failsafe, see it-tests/pom.xml) with
 * environment-variable fallbacks for runs from an IDE:
 * <ul>
 *   <li>{@code kc.home} / {@code KC_IT_HOME}: the unpacked Keycloak distribution;</li>
 *   <li>{@code pat.jar} / {@code KC_IT_PAT_JAR}: the extension jar to install;</li>
 *   <li>{@code kc.db} / {@code KC_IT_DB}: {@code dev-file} (default), {@code postgres} or {@code mariadb};</li>
 *   <li>{@code kc.extraArgs} / {@code KC_IT_EXTRA_ARGS}: extra {@code kc.sh} options, space separated;</li>
 *   <li>{@code kc.env.NAME=value}: extra environment variables for the Keycloak process (e.g. {@code KC_LOG_LEVEL});
 *       {@code KC_*} variables of the test JVM are inherited anyway;</li>
 *   <li>{@code kc.logFile}: where the server log goes (default {@code target/keycloak.log});</li>
 *   <li>{@code kc.startTimeoutSeconds}: how long to wait for readiness (default 180).</li>
 * </ul>
 */
public record ServerConfig(Path kcHome, Path patJar, String db, List<String> extraArgs,
                           Map<String, String> extraEnv, Path logFile, Duration startTimeout) {

    public static ServerConfig fromSystem() {
        Path home = Path.of(setting("kc.home", "KC_IT_HOME", "target/keycloak-26.7.3")).toAbsolutePath().normalize();
        String jar = setting("pat.jar", "KC_IT_PAT_JAR", "");
        if (jar.isBlank() || jar.contains("${")) {
            throw new IllegalStateException("System property pat.jar (the keycloak-pat jar to install) is not set; "
                    + "run through Maven (mvn -pl it-tests -am verify) or pass -Dpat.jar=/path/to/keycloak-pat.jar");
        }
        Path patJar = Path.of(jar).toAbsolutePath().normalize();
        if (!Files.isRegularFile(patJar)) {
            throw new IllegalStateException("pat.jar %s does not exist; build pat-provider first".formatted(patJar));
        }
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(("kc.home %s holds no Keycloak distribution (bin/kc.sh missing); "
                    + "run through Maven so the dist is unpacked in pre-integration-test").formatted(home));
        }
        String db = setting("kc.db", "KC_IT_DB", "dev-file").trim();
        List<String> extraArgs = new ArrayList<>(splitArgs(setting("kc.extraArgs", "KC_IT_EXTRA_ARGS", "")));
        Path logFile = Path.of(setting("kc.logFile", "KC_IT_LOG_FILE", "target/keycloak.log")).toAbsolutePath().normalize();
        long timeout = Long.parseLong(setting("kc.startTimeoutSeconds", "KC_IT_START_TIMEOUT", "180").trim());
        return new ServerConfig(home, patJar, db, List.copyOf(extraArgs), extraEnvFromProperties(), logFile,
                Duration.ofSeconds(timeout));
    }

    private static String setting(String property, String envVar, String fallback) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank() && !value.contains("${")) {
            return value;
        }
        String env = System.getenv(envVar);
        return env != null && !env.isBlank() ? env : fallback;
    }

    private static List<String> splitArgs(String args) {
        return Arrays.stream(args.trim().split("\\s+")).filter(a -> !a.isEmpty()).toList();
    }

    private static Map<String, String> extraEnvFromProperties() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("kc.env."))
                .sorted()
                .forEach(name -> env.put(name.substring("kc.env.".length()), System.getProperty(name)));
        return Map.copyOf(env);
    }
}
