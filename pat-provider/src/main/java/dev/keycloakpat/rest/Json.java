package dev.keycloakpat.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.service.TokenService;
import dev.keycloakpat.runtime.LastUsedTracker;
import dev.keycloakpat.team.Team;
import dev.keycloakpat.team.TeamNames;

/** JSON representations at the REST edge (camelCase, instants in epoch seconds). */
public final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * TokenView (docs/api.md, "Self-service API"); {@code lastUse} adds what this node knows of uses not yet written.
     */
    public static ObjectNode tokenView(PatRecord t, TeamNames teams, long now, LastUsedTracker lastUse) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", t.id());
        n.put("name", t.name());
        n.put("prefix", t.displayPrefix());
        if (t.teamId() == null) {
            n.putNull("team");
        } else {
            ObjectNode team = n.putObject("team");
            team.put("id", t.teamId());
            Team found = teams.find(t.teamId());
            if (found == null) {
                team.putNull("name");
            } else {
                team.put("name", found.name());
            }
        }
        n.put("write", t.write());
        if (t.roles() == null) {
            n.putNull("roles");
        } else {
            ArrayNode roles = n.putArray("roles");
            t.roles().forEach(roles::add);
        }
        n.put("createdAt", t.createdAt());
        putNullable(n, "expiresAt", t.expiresAt());
        putNullable(n, "lastUsedAt", lastUse.lastUsedAt(t));
        n.put("status", t.isExpired(now) || t.isSuperseded(now) ? "expired" : "active");
        ArrayNode ips = n.putArray("lastUsedIps");
        lastUse.lastUsedIps(t).forEach(ips::add);
        if (t.rotatedFrom() == null) {
            n.putNull("rotatedFrom");
        } else {
            n.put("rotatedFrom", t.rotatedFrom());
        }
        return n;
    }

    public static ArrayNode array(List<ObjectNode> items) {
        ArrayNode a = MAPPER.createArrayNode();
        a.addAll(items);
        return a;
    }

    static void putNullable(ObjectNode n, String field, Long value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    public static Response ok(Object entity) {
        return Response.ok(write(entity), MediaType.APPLICATION_JSON_TYPE).build();
    }

    public static String write(Object entity) {
        try {
            return MAPPER.writeValueAsString(entity);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response error(int status, String error, String description) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error", error);
        n.put("errorDescription", description);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(write(n)).build();
    }

    /** {@code 429} with {@code Retry-After} and {@code {"error": "too_many_requests", "errorDescription": …}}. */
    public static Response tooManyRequests(long retryAfterSeconds, String description) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error", "too_many_requests");
        n.put("errorDescription", description);
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", retryAfterSeconds)
                .entity(write(n)).build();
    }

    /** An empty JSON object to fill in. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static Response error(Refusal e) {
        return error(status(e), e.error(), e.getMessage());
    }

    /** The HTTP status of a refusal. */
    public static int status(Refusal e) {
        return switch (e.kind()) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case TOO_LARGE -> 413;
            case LIMIT -> 429;
        };
    }

    /**
     * A request body that must be a JSON object: blank or not an object is refused with {@code error} and
     * {@code usage}, text that is not JSON with {@code invalid_json}.
     */
    public static ObjectNode object(String body, String error, String usage) {
        if (body == null || body.isBlank()) {
            throw Refusal.invalid(error, usage);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw Refusal.invalid("invalid_json", "The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw Refusal.invalid(error, usage);
        }
        return (ObjectNode) node;
    }

    /** The largest request body the extension reads; a longer one is refused with 413 before it is buffered. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * Reads a request body as UTF-8, at most {@link #MAX_BODY_BYTES}: the stream is read in bounded steps and a body
     * that goes on past the limit is refused ({@code 413 request_too_large}) without being held in memory.
     */
    public static String readBody(java.io.InputStream in) {
        if (in == null) {
            return "";
        }
        try {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new Refusal(Refusal.Kind.TOO_LARGE, "request_too_large",
                        "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB.");
            }
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw Refusal.invalid("invalid_request", "The request body could not be read.");
        }
    }

    /**
     * Runs a resource method; a refused request ({@link Refusal}) becomes its JSON error response, with the
     * step-up challenge or the wait time as a header where the refusal carries one.
     */
    public static Response handle(java.util.function.Supplier<Response> call) {
        try {
            return call.get();
        } catch (dev.keycloakpat.service.RecentLogin.Required e) {
            // RFC 9470 step-up: the caller must sign in again
            return Response.fromResponse(error(e)).header("WWW-Authenticate", e.challenge()).build();
        } catch (dev.keycloakpat.service.CreationRefused e) {
            // on every API that creates tokens (self-service and admin): an honest wait time
            return Response.fromResponse(error(e)).header("Retry-After", e.retryAfterSeconds()).build();
        } catch (Refusal e) {
            return error(e);
        }
    }
}
