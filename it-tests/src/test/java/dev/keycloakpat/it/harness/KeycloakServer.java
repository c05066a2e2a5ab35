package dev.keycloakpat.it.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One real Keycloak per test JVM, run as a child process from the unpacked distribution:
 * the shipped keycloak-pat jar in {@code providers/}, {@code kc.sh build} (skipped when jar and build
 * options are unchanged since the last build of this distribution), then {@code kc.sh start --optimized}
 * on free ports with a fresh database. Use {@link #shared()}; tests normally get it through {@link KeycloakIT}.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final String BUILD_MARKER = ".kcpat-it-build";
    private static final String BUILD_LOG = ".kcpat-it-build.log";
    private static final String PID_FILE = ".kcpat-it.pid";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private static KeycloakServer shared;
    private static RuntimeException sharedFailure;

    private final ServerConfig config;
    private final Database database;
    private final String dbName;
    private final String cacheMode;
    private final boolean freshDatabase;
    private final List<String> runtimeArgs;
    private final ServerLog log;
    private final int httpPort;
    private final int managementPort;
    private final Http http;
    private Process process;
    /** Whether the test clock is deployed into this server ({@link TestClockJar}); never into the shared one. */
    private boolean testClock;
    private Duration lastBuildTime = Duration.ZERO;
    private Duration lastStartTime = Duration.ZERO;
    private String adminToken;
    private Instant adminTokenExpiry = Instant.EPOCH;

    private KeycloakServer(ServerConfig config) {
        this(config, Database.DB_NAME, "local", true, List.of());
    }

    private KeycloakServer(ServerConfig config, String dbName, String cacheMode, boolean freshDatabase,
                           List<String> runtimeArgs) {
        this.config = config;
        this.database = Database.of(config.db());
        this.dbName = dbName;
        this.cacheMode = cacheMode;
        this.freshDatabase = freshDatabase;
        this.runtimeArgs = List.copyOf(runtimeArgs);
        this.log = new ServerLog(config.logFile());
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.http = new Http(baseUrl());
    }

    /**
     * The JVM-wide server, started on first use with a fresh database. A start failure (or a skip because
     * the configured external database is unreachable) is remembered and rethrown to every later caller,
     * so a broken server costs one timeout, not one per test class.
     */
    public static synchronized KeycloakServer shared() {
        if (shared != null) {
            return shared;
        }
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        try {
            KeycloakServer server = new KeycloakServer(ServerConfig.fromSystem());
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-it-shutdown"));
            server.startFresh();
            shared = server;
            return server;
        } catch (RuntimeException e) {
            sharedFailure = e;
            throw e;
        }
    }

    /**
     * Starts an ADDITIONAL server (not the shared one) from its own copy of the distribution, on free ports, with
     * the given database, cache mode and options; the caller stops it ({@link #close()}). Skips the calling test
     * (JUnit assumption) when the external database is unreachable. The copy is made from a sibling distribution
     * already built with the same build options when there is one (so its build is skipped), else from the shared
     * distribution, and it is kept between runs: {@code kc.sh build} only runs when jar or build options changed.
     */
    public static KeycloakServer start(ServerOptions options) {
        options.database().assumeReachable();
        ServerConfig base = ServerConfig.fromSystem();
        Path home = base.kcHome().resolveSibling("keycloak-" + options.name());
        Path logFile = base.logFile().resolveSibling("keycloak-" + options.name() + ".log");
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>(base.extraEnv());
        env.putAll(options.env());
        ServerConfig config = new ServerConfig(home, base.patJar(), options.database().kind(), List.of(),
                java.util.Map.copyOf(env), logFile, base.startTimeout());
        KeycloakServer server = new KeycloakServer(config, options.dbName(), options.cache(), options.freshDatabase(),
                options.runtimeArgs());
        server.testClock = options.testClock();
        server.prepareHome(base.kcHome());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-it-shutdown-" + options.name()));
        try {
            server.startFresh();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /** The database name this server runs on (external databases). */
    public String dbName() {
        return dbName;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /**
     * The Java the running server uses, as that JVM reports it ({@code java -version} of the server process's own
     * binary, e.g. {@code openjdk version "25.0.1" ... (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)}); empty when
     * not running.
     */
    public synchronized Optional<String> serverJava() {
        if (process == null) {
            return Optional.empty();
        }
        Optional<String> binary = process.descendants()
                .map(p -> p.info().command().orElse(""))
                .filter(c -> c.endsWith("/java"))
                .findFirst();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process version = new ProcessBuilder(binary.get(), "-version").redirectErrorStream(true).start();
            String first = new String(version.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
            version.waitFor();
            return Optional.of(first.trim() + " (" + binary.get() + ")");
        } catch (IOException e) {
            return Optional.of("? (" + binary.get() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("? (" + binary.get() + ")");
        }
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return config.logFile();
    }

    public ServerLog log() {
        return log;
    }

    public ServerConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    /** Plain HTTP against {@link #baseUrl()}. */
    public Http http() {
        return http;
    }

    /** Keycloak's admin REST API as the bootstrap master admin. */
    public AdminApi admin() {
        return new AdminApi(http, this::adminToken);
    }

    /** How long the last {@code kc.sh build} took ({@link Duration#ZERO} when it was skipped). */
    public Duration lastBuildTime() {
        return lastBuildTime;
    }

    /** Wall time of the last start: build (if any) plus boot until {@code /health/ready} answered UP. */
    public Duration lastStartTime() {
        return lastStartTime;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A master-realm admin access token (password grant on admin-cli), cached until shortly before it expires. */
    public synchronized String adminToken() {
        if (adminToken == null || Instant.now().isAfter(adminTokenExpiry)) {
            Http.Response response = http.postForm("/realms/master/protocol/openid-connect/token", Http.form(
                    "grant_type", "password", "client_id", "admin-cli",
                    "username", ADMIN_USER, "password", ADMIN_PASSWORD));
            response.expect(200);
            JsonNode json = response.json();
            adminToken = json.path("access_token").asText();
            long lifetime = json.path("expires_in").asLong(60);
            adminTokenExpiry = Instant.now().plusSeconds(Math.max(5, lifetime - 15));
        }
        return adminToken;
    }

    /** Stops and starts the server again on the same ports, keeping all data. */
    public synchronized void restart() {
        stop();
        Instant begin = Instant.now();
        launch();
        lastStartTime = Duration.between(begin, Instant.now());
        info("Keycloak restarted in %.1f s", seconds(lastStartTime));
    }

    /** Stops the server (SIGTERM through kc.sh, then forcibly after a timeout). Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        invalidateAdminToken();
        List<ProcessHandle> descendants = stopping.descendants().toList();
        stopping.destroy();
        if (!awaitExit(stopping.toHandle(), STOP_TIMEOUT)) {
            info("Keycloak did not stop within %d s, killing it", STOP_TIMEOUT.toSeconds());
            stopping.destroyForcibly();
        }
        for (ProcessHandle child : descendants) {
            if (!awaitExit(child, STOP_TIMEOUT)) {
                child.destroyForcibly();
            }
        }
        deleteQuietlyIfExists(config.kcHome().resolve(PID_FILE));
    }

    @Override
    public void close() {
        stop();
    }

    private void startFresh() {
        Instant begin = Instant.now();
        info("Starting Keycloak from %s (db %s, extension %s), log %s",
                config.kcHome(), database.kind(), config.patJar(), config.logFile());
        killLeftoverFromEarlierRun();
        resetLogFile();
        deleteRecursively(config.kcHome().resolve("data"));
        if (freshDatabase) {
            database.prepareFreshDatabase(dbName);
        }
        boolean jarChanged = installExtensionJar();
        buildIfNeeded(jarChanged);
        try {
            launch();
        } catch (ExitedEarly e) {
            // Keycloak 26.7 on a loaded machine sometimes exits at boot with "emf is null" (its JPA startup thread
            // lost a race); that is not what a test checks, so give it one more try on the same fresh database.
            info("Keycloak exited during boot (%s); starting it once more", e.getMessage().lines().findFirst().orElse(""));
            process = null;
            launch();
        }
        lastStartTime = Duration.between(begin, Instant.now());
        info("Keycloak started in %.1f s (build %.1f s) at %s", seconds(lastStartTime), seconds(lastBuildTime), baseUrl());
    }

    /**
     * Copies the jar to providers/ unless an identical copy is there; removes other keycloak-pat jars. Installs the
     * test clock ({@link TestClockJar}) where asked for, and removes it elsewhere.
     */
    private boolean installExtensionJar() {
        Path providers = config.kcHome().resolve("providers");
        String name = config.patJar().getFileName().toString();
        Path target = providers.resolve(name.startsWith("keycloak-pat") ? name : "keycloak-pat-" + name);
        try {
            Files.createDirectories(providers);
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(providers, "keycloak-pat*.jar")) {
                for (Path jar : stale) {
                    if (!jar.equals(target)) {
                        Files.delete(jar);
                    }
                }
            }
            boolean clockChanged = testClock ? TestClockJar.install(providers)
                    : Files.deleteIfExists(providers.resolve(TestClockJar.FILE_NAME));
            if (Files.exists(target) && sha256(target).equals(sha256(config.patJar()))) {
                return clockChanged;
            }
            Files.copy(config.patJar(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install %s into %s".formatted(config.patJar(), providers), e);
        }
    }

    private List<String> buildOptions() {
        List<String> options = new ArrayList<>(database.buildArgs());
        if (cacheIsBuildOption()) {
            options.add("--cache=" + cacheMode);
        }
        options.add("--health-enabled=true");
        options.add("--metrics-enabled=true");
        options.add("--features=declarative-ui"); // the admin console's policy tab (UiTabProvider)
        return options;
    }

    /**
     * The Keycloak version of this distribution, from its {@code version.txt} ("Keycloak - Version 26.4.7"),
     * as {@code {major, minor, patch}}; {@code {0, 0, 0}} when unreadable.
     */
    public int[] keycloakVersion() {
        try {
            String text = Files.readString(config.kcHome().resolve("version.txt"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)").matcher(text);
            if (m.find()) {
                return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            }
        } catch (IOException e) {
            // fall through
        }
        return new int[] {0, 0, 0};
    }

    /** {@code --cache} is a build option in Keycloak 26.7; 26.4 and 26.5 refuse it at build and take it at start (26.6 is not on Maven Central to check). */
    private boolean cacheIsBuildOption() {
        int[] v = keycloakVersion();
        return v[0] > 26 || (v[0] == 26 && v[1] >= 6) || v[0] == 0;
    }

    /**
     * Runs {@code kc.sh build} unless this distribution was last built with the same jar and options.
     * The build output is kept next to the marker and copied into the server log either way, so build-time
     * warnings (e.g. KC-SERVICES0047) are in every run's log.
     */
    private void buildIfNeeded(boolean jarChanged) {
        List<String> command = kcCommand("build");
        command.addAll(buildOptions());
        command.addAll(config.extraArgs());
        Path marker = config.kcHome().resolve(BUILD_MARKER);
        Path buildLog = config.kcHome().resolve(BUILD_LOG);
        String fingerprint = buildFingerprint();
        if (!jarChanged && Files.exists(marker) && Files.exists(buildLog) && fingerprint.equals(readString(marker))) {
            info("Skipping kc.sh build: extension jar and build options unchanged since the last build");
            appendToLog("=== kc-it: output of the earlier, identical %s%n".formatted(String.join(" ", command)));
            appendToLog(readString(buildLog));
            lastBuildTime = Duration.ZERO;
            return;
        }
        deleteQuietlyIfExists(marker);
        Instant begin = Instant.now();
        appendToLog("=== kc-it: %s%n".formatted(String.join(" ", command)));
        int exit = waitFor(startProcess(command, buildLog, false), config.startTimeout(), "kc.sh build");
        lastBuildTime = Duration.between(begin, Instant.now());
        appendToLog(readString(buildLog));
        if (exit != 0) {
            throw new IllegalStateException("kc.sh build failed with exit code %d; last log lines of %s:%n%s"
                    .formatted(exit, config.logFile(), log.tail(100)));
        }
        writeString(marker, fingerprint);
        info("kc.sh build finished in %.1f s", seconds(lastBuildTime));
    }

    /** What a distribution's build marker says when it was built with this server's jar and build options. */
    private String buildFingerprint() {
        List<String> options = new ArrayList<>(buildOptions());
        options.addAll(config.extraArgs());
        return "kc.sh build " + String.join(" ", options) + "\n" + sha256(config.patJar()) + "\n"
                + (testClock ? TestClockJar.sha256() + "\n" : "");
    }

    /**
     * Creates this server's distribution directory unless it exists and is built for this jar and these options:
     * a copy of a sibling {@code keycloak-*} distribution whose build marker matches (so no build is needed), else
     * of {@code pristine} (an existing but outdated directory is then kept and rebuilt in place). Never copies
     * {@code data/} or the pid file; the jars of {@code lib/lib} are hard-linked when possible (a build only
     * rewrites {@code lib/quarkus}).
     */
    private void prepareHome(Path pristine) {
        Path home = config.kcHome();
        String fingerprint = buildFingerprint();
        Path ownMarker = home.resolve(BUILD_MARKER);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))
                && Files.isRegularFile(ownMarker) && fingerprint.equals(readString(ownMarker))) {
            return;
        }
        Path source = pristine;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(home.getParent(), "keycloak-*")) {
            for (Path sibling : siblings) {
                Path marker = sibling.resolve(BUILD_MARKER);
                if (!sibling.equals(home) && Files.isRegularFile(marker) && fingerprint.equals(readString(marker))
                        && Files.isRegularFile(sibling.resolve(BUILD_LOG))) {
                    source = sibling;
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + home.getParent(), e);
        }
        if (Files.isRegularFile(home.resolve("bin/kc.sh")) && source.equals(pristine)) {
            return; // out of date, and no sibling to copy: kc.sh build will bring it up to date
        }
        killLeftoverFromEarlierRun();
        deleteRecursively(home);
        Instant begin = Instant.now();
        copyDistribution(source, home);
        info("Copied %s to %s in %.1f s", source.getFileName(), home, seconds(Duration.between(begin, Instant.now())));
    }

    private static void copyDistribution(Path source, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        deleteRecursively(partial);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path relative = source.relativize(path);
                String first = relative.getNameCount() > 0 ? relative.getName(0).toString() : "";
                if (first.equals("data") || first.equals(PID_FILE)) {
                    continue;
                }
                Path copy = partial.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else if (relative.startsWith("lib/lib")) {
                    try {
                        Files.createLink(copy, path);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Files.move(partial, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy %s to %s".formatted(source, target), e);
        }
    }

    private void launch() {
        List<String> command = kcCommand("start");
        command.add("--optimized");
        command.addAll(List.of(
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false",
                "--log-console-color=false"));
        command.add("--spi-pat-runtime--default--jobs-interval-seconds=2"); // maintenance job
        // pending last-used times written every 10 s instead of every 30 s: LastUsedIT waits for flushes (the
        // once-a-minute rule per token does not depend on it; RestartIT restarts within a second of its use)
        command.add("--spi-pat-runtime--default--last-used-flush-seconds=10");
        if (!cacheIsBuildOption()) {
            command.add("--cache=" + cacheMode);
        }
        command.addAll(database.runtimeArgs(dbName));
        command.addAll(config.extraArgs());
        command.addAll(runtimeArgs);
        appendToLog("=== kc-it: %s%n".formatted(String.join(" ", command)));
        process = startProcess(command, config.logFile(), true);
        writeString(config.kcHome().resolve(PID_FILE), Long.toString(process.pid()));
        awaitReady();
    }

    private void awaitReady() {
        String readyUrl = managementUrl() + "/health/ready";
        Instant deadline = Instant.now().plus(config.startTimeout());
        String lastAnswer = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ExitedEarly(startFailure("Keycloak exited with code %d before it was ready".formatted(process.exitValue())).getMessage());
            }
            try {
                Http.Response response = http.get(readyUrl);
                if (response.status() == 200) {
                    return;
                }
                lastAnswer = response.toString();
            } catch (UncheckedIOException e) {
                lastAnswer = e.getCause().toString();
            }
            pause(POLL_INTERVAL);
        }
        IllegalStateException failure = startFailure("Keycloak was not ready at %s within %d s (last answer: %s)"
                .formatted(readyUrl, config.startTimeout().toSeconds(), lastAnswer));
        stop();
        throw failure;
    }

    /** The Keycloak process ended before it was ready. */
    private static final class ExitedEarly extends IllegalStateException {
        ExitedEarly(String message) {
            super(message);
        }
    }

    private IllegalStateException startFailure(String what) {
        return new IllegalStateException("%s; last 100 lines of %s:%n%s".formatted(what, config.logFile(), log.tail(100)));
    }

    private List<String> kcCommand(String subcommand) {
        List<String> command = new ArrayList<>();
        command.add("/bin/bash");
        command.add(config.kcHome().resolve("bin/kc.sh").toString());
        command.add(subcommand);
        return command;
    }

    private Process startProcess(List<String> command, Path output, boolean append) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(config.kcHome().toFile())
                .redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(output.toFile()) : ProcessBuilder.Redirect.to(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putAll(config.extraEnv());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
    }

    /** A Keycloak left running by a killed earlier test JVM would hold the data dir and the DB. */
    private void killLeftoverFromEarlierRun() {
        Path pidFile = config.kcHome().resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(readString(pidFile).trim());
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                .filter(p -> p.info().commandLine().orElse("").contains(config.kcHome().toString()));
        leftover.ifPresent(handle -> {
            info("Stopping Keycloak (pid %d) left over from an earlier run", pid);
            List<ProcessHandle> children = handle.descendants().toList();
            handle.destroy();
            children.forEach(ProcessHandle::destroy);
            if (!awaitExit(handle, STOP_TIMEOUT)) {
                handle.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        });
        deleteQuietlyIfExists(pidFile);
    }

    private synchronized void invalidateAdminToken() {
        adminToken = null;
        adminTokenExpiry = Instant.EPOCH;
    }

    private void resetLogFile() {
        try {
            Files.createDirectories(config.logFile().getParent());
            Files.writeString(config.logFile(), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + config.logFile(), e);
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(config.logFile(), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config.logFile(), e);
        }
    }

    private static int waitFor(Process process, Duration timeout, String what) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("%s did not finish within %d s".formatted(what, timeout.toSeconds()));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process %d failed".formatted(handle.pid()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** Polling pause (never used for correctness, only to space out readiness checks). */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeString(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteQuietlyIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            info("cannot delete %s: %s", file, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    static void info(String format, Object... args) {
        System.out.printf("[keycloak-it] " + format + "%n", args);
    }
}
