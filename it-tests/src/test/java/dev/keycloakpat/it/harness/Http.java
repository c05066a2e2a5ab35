package dev.keycloakpat.it.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Plain HTTP calls against the server under test: no authentication added, no redirects followed,
 * every status returned as is (tests assert on 4xx/5xx, so nothing here throws on them).
 */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String baseUrl;

    /** @param baseUrl prepended to paths that do not start with {@code http}, e.g. {@code http://127.0.0.1:1234} */
    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A request builder for {@code path} (absolute URL or path below the base URL). */
    public HttpRequest.Builder request(String path) {
        String url = path.startsWith("http://") || path.startsWith("https://") ? path : baseUrl + path;
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Secrets.recordFrom(response.body());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("%s %s failed".formatted(request.method(), request.uri()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during %s %s".formatted(request.method(), request.uri()), e);
        }
    }

    /** GET with optional header name/value pairs. */
    public Response get(String path, String... headers) {
        return send(withHeaders(request(path), headers).GET().build());
    }

    public Response delete(String path, String... headers) {
        return send(withHeaders(request(path), headers).DELETE().build());
    }

    /** POST of a JSON body (a String is sent as is, anything else serialized with Jackson). */
    public Response postJson(String path, Object body, String... headers) {
        return send(withHeaders(request(path), headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body)))
                .build());
    }

    public Response putJson(String path, Object body, String... headers) {
        return send(withHeaders(request(path), headers)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body)))
                .build());
    }

    /** POST of an {@code application/x-www-form-urlencoded} body. */
    public Response postForm(String path, Map<String, String> form, String... headers) {
        return send(withHeaders(request(path), headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build());
    }

    /** Builds a mutable form map from key/value pairs, keeping order. */
    public static Map<String, String> form(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("form needs key/value pairs");
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            form.put(keyValues[i], keyValues[i + 1]);
        }
        return form;
    }

    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String toJson(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + body.getClass().getName(), e);
        }
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers need name/value pairs");
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** Status, headers and body of one response, with the body parsed as JSON on demand. */
    public record Response(int status, HttpHeaders headers, String body) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The body as JSON; fails the calling test with the raw body when it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("expected a JSON body but got HTTP %d: %s".formatted(status, body), e);
            }
        }

        /** Returns this response, or fails with status and body unless the status is {@code expected}. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP %d but got %d: %s".formatted(expected, status, body));
            }
            return this;
        }

        /** Fails with status and body unless this is a 2xx response. */
        public Response expectSuccess() {
            if (status < 200 || status > 299) {
                throw new AssertionError("expected HTTP 2xx but got %d: %s".formatted(status, body));
            }
            return this;
        }

        /** The id at the end of the {@code Location} header (what Keycloak's admin API answers a create with). */
        public String createdId() {
            String location = header("Location")
                    .orElseThrow(() -> new AssertionError("no Location header in HTTP %d: %s".formatted(status, body)));
            return location.substring(location.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return "HTTP %d %s".formatted(status, body);
        }
    }
}
