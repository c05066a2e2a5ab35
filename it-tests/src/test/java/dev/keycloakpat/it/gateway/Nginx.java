package dev.keycloakpat.it.gateway;

import dev.keycloakpat.it.harness.Await;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's {@code /usr/sbin/nginx}, or {@code -Dnginx.binary=…}) started as a child process with its
 * own {@code -p} prefix and configuration on a free loopback port, stopped by {@link #close()}.
 * Missing nginx skips the calling tests (JUnit assumption) with a clear message; it never passes them.
 */
final class Nginx implements AutoCloseable {

    static final String TEMPLATE = "/gateway/nginx.conf.template";
    static final String RECIPE_BEGIN = "# --- recipe: begin\n";
    static final String RECIPE_END = "# --- recipe: end\n";

    private final Process process;
    private final Path prefix;
    private final int port;

    private Nginx(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    static Path binary() {
        return Path.of(System.getProperty("nginx.binary", "/usr/sbin/nginx"));
    }

    /** The template as shipped in the test resources. */
    static String template() {
        try (InputStream in = Nginx.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recipe part of the template (what docs/gateway.md shows). */
    static String recipe() {
        String t = template();
        int begin = t.indexOf(RECIPE_BEGIN);
        int end = t.indexOf(RECIPE_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(TEMPLATE + " has no recipe markers");
        }
        return t.substring(begin + RECIPE_BEGIN.length(), end);
    }

    /**
     * Starts nginx with the recipe pointed at {@code keycloakHostPort} (e.g. 127.0.0.1:41234), the app at
     * {@code appHostPort} and the realm {@code realm}. Skips if nginx is not installed.
     */
    static Nginx start(Path prefix, String keycloakHostPort, String appHostPort, String realm) throws IOException {
        Path bin = binary();
        Assumptions.assumeTrue(Files.isExecutable(bin), () -> "SKIPPED: no nginx at " + bin
                + " (install Debian's nginx package, or point -Dnginx.binary=… at one)");
        int port = freePort();
        Files.createDirectories(prefix.resolve("tmp"));
        String conf = template()
                .replace("@PREFIX@", prefix.toAbsolutePath().toString())
                .replace("server 127.0.0.1:8080;", "server " + keycloakHostPort + ";")
                .replace("server 127.0.0.1:3000;", "server " + appHostPort + ";")
                .replace("listen 127.0.0.1:8000;", "listen 127.0.0.1:" + port + ";")
                .replace("/realms/demo/", "/realms/" + realm + "/");
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        List<String> base = List.of(bin.toString(), "-p", prefix.toAbsolutePath() + "/", "-c", confFile.toAbsolutePath().toString(),
                "-e", prefix.resolve("error.log").toAbsolutePath().toString());
        Process test = new ProcessBuilder(concat(base, "-t")).redirectErrorStream(true).start();
        String testOutput = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!test.waitFor(30, TimeUnit.SECONDS) || test.exitValue() != 0) {
                throw new IllegalStateException("nginx -t refused " + confFile + ":\n" + testOutput);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Process process = new ProcessBuilder(concat(base, "-g", "daemon off;"))
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        Nginx nginx = new Nginx(process, prefix, port);
        nginx.awaitListening(Duration.ofSeconds(20));
        return nginx;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String errorLog() {
        try {
            return Files.readString(prefix.resolve("error.log"));
        } catch (IOException e) {
            return "(no error log: " + e + ")";
        }
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + errorLog());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Await.pause(Duration.ofMillis(100));
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen on " + port + " within " + timeout + ":\n" + errorLog());
    }

    /** Fast shutdown (SIGTERM to the master), then waits for it; kills it if it hangs. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> out = new java.util.ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }
}
