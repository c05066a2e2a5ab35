package dev.keycloakpat.it.harness;

import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * Keycloak's admin REST API with the master admin's bearer token. Paths are relative to
 * {@code /admin/realms}, e.g. {@code admin.get("/demo/users")}; an absolute path starting with
 * {@code /admin/} or {@code http} is used as is.
 */
public final class AdminApi {

    private final Http http;
    private final Supplier<String> token;

    AdminApi(Http http, Supplier<String> token) {
        this.http = http;
        this.token = token;
    }

    public Http.Response get(String path) {
        return http.get(url(path), auth());
    }

    public Http.Response post(String path, Object body) {
        return http.postJson(url(path), body, auth());
    }

    public Http.Response put(String path, Object body) {
        return http.putJson(url(path), body, auth());
    }

    public Http.Response delete(String path) {
        return http.delete(url(path), auth());
    }

    /** DELETE with a JSON body (Keycloak uses it for role mappings). */
    public Http.Response delete(String path, Object body) {
        return http.send(http.request(url(path))
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(Http.toJson(body)))
                .build());
    }

    private String[] auth() {
        return new String[] {"Authorization", "Bearer " + token.get()};
    }

    private static String url(String path) {
        if (path.startsWith("http") || path.startsWith("/admin/")) {
            return path;
        }
        return "/admin/realms" + (path.isEmpty() || path.startsWith("/") ? path : "/" + path);
    }
}
