package dev.keycloakpat.it.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.keycloakpat.it.harness.Http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app behind the proxy: a JDK HTTP server on a free loopback port that answers every request with
 * {@code {"method", "path", "headers": {lower-case name: [values]}}} of what it received.
 */
final class EchoUpstream implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    EchoUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            ObjectNode n = Http.JSON.createObjectNode();
            n.put("method", exchange.getRequestMethod());
            n.put("path", exchange.getRequestURI().toString());
            ObjectNode headers = n.putObject("headers");
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                var values = headers.putArray(h.getKey().toLowerCase(Locale.ROOT));
                h.getValue().forEach(values::add);
            }
            byte[] body = n.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests reached the app. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
