package dev.keycloakpat.it.production;

import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Database;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.ServerOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak nodes with the production cache stack: {@code --cache=ispn} (Infinispan over JGroups, discovery
 * through the database with KC 26's default {@code jdbc-ping} stack), bound to 127.0.0.1 on a free port, so
 * several nodes on one machine form a cluster through their shared database and nothing leaves loopback.
 */
final class Cluster {

    /** Infinispan's cluster view log line, e.g. {@code ISPN000094: Received new cluster view for channel ISPN: [a|1] (2) [a, b]}. */
    private static final Pattern VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^]]*] \\((\\d+)\\)");

    private Cluster() {
    }

    static ServerOptions node(String name, Database database, String dbName) {
        int port = freePortPair();
        return ServerOptions.named(name)
                .database(database, dbName)
                .cache("ispn")
                .args("--cache-embedded-network-bind-address=127.0.0.1",
                        "--cache-embedded-network-bind-port=" + port)
                // the CLI option above is Keycloak's way to set jgroups.bind.address (setting both only logs a warning)
                .env("JAVA_OPTS_APPEND", "-Djava.net.preferIPv4Stack=true");
    }

    /** Waits until the node's log shows a cluster view with {@code members} members; returns that log line. */
    static String awaitView(KeycloakServer node, int members, Duration timeout) {
        return Await.value(timeout, () -> "for a cluster view with %d members in %s; last lines:%n%s"
                .formatted(members, node.logFile(), node.log().tail(40)), () -> view(node, members));
    }

    /** The last cluster view line of the node's log if it has {@code members} members, else null. */
    private static String view(KeycloakServer node, int members) {
        List<String> lines = node.log().lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = VIEW.matcher(lines.get(i));
            if (m.find()) {
                return Integer.parseInt(m.group(1)) == members ? lines.get(i) : null;
            }
        }
        return null;
    }

    /** A free port whose +100 neighbour (JGroups FD_SOCK2's default offset) is free too. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port + 100 < 65535 && free(port + 100)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
