package dev.keycloakpat.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The test clock provider ({@code dev.keycloakpat.it.clock}) as a jar built from this module's test classes, installed
 * into the test servers' {@code providers/} next to the extension (never shipped). The jar is byte-for-byte the same
 * for the same classes (sorted entries, fixed times), so an unchanged clock does not trigger a {@code kc.sh build}.
 */
final class TestClockJar {

    static final String FILE_NAME = "kcpat-it-test-clock.jar";

    private TestClockJar() {
    }

    /** Writes the jar into {@code providers} unless an identical one is there; returns whether it changed. */
    static boolean install(Path providers) {
        Path target = providers.resolve(FILE_NAME);
        byte[] jar = bytes();
        try {
            if (Files.exists(target) && java.util.Arrays.equals(Files.readAllBytes(target), jar)) {
                return false;
            }
            Files.write(target, jar);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the test clock into " + providers, e);
        }
    }

    static String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes() {
        Path classes;
        try {
            classes = Path.of(TestClockJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            add(jar, classes, classes.resolve("dev/keycloakpat/it/clock"));
            add(jar, classes.resolve("test-clock"), classes.resolve("test-clock/META-INF"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the test clock jar from " + classes, e);
        }
        return out.toByteArray();
    }

    private static void add(JarOutputStream jar, Path root, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            JarEntry entry = new JarEntry(root.relativize(file).toString().replace('\\', '/'));
            entry.setTime(0);
            jar.putNextEntry(entry);
            jar.write(Files.readAllBytes(file));
            jar.closeEntry();
        }
    }
}
