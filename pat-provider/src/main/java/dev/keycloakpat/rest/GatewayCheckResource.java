package dev.keycloakpat.rest;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.events.PatEvents;
import dev.keycloakpat.gateway.AmbiguousRequest;
import dev.keycloakpat.gateway.Decision;
import dev.keycloakpat.gateway.HeaderValues;
import dev.keycloakpat.gateway.PresentedCredential;
import dev.keycloakpat.gateway.Requirements;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.team.Teams;
import dev.keycloakpat.validation.Outcome;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.validation.PatValidator.EntryPoint;
import dev.keycloakpat.validation.Validation;

/**
 * {@code GET /realms/{realm}/personal-access-tokens/check} (docs/api.md, "Gateway check"): a yes/no for reverse proxies
 * and Basic-auth-only services. The token is the credential; it is validated by {@link PatValidator} like at
 * every other entry point, then rate-limited, then checked against the proxy's requirements.
 * GET is the documented method; the others are accepted for proxies that call with the original method.
 * API reference: {@code docs/openapi.yaml} (checked against the running server by {@code OpenApiIT}).
 */
public final class GatewayCheckResource {

    public static final String X_API_ACCESS_TOKEN = "X-API-Access-Token";
    public static final String X_REQUIRED_TEAM = "X-Required-Team";
    public static final String X_REQUIRED_ROLE = "X-Required-Role";
    public static final String X_FORWARDED_METHOD = "X-Forwarded-Method";
    /** On 400, 403 and 429 only: the error code, for proxies (nginx) that do not pass the body on. */
    public static final String X_AUTH_ERROR = "X-Auth-Error";
    /** Value of the {@code auth_method} event detail for failed uses at the check. */
    static final String AUTH_METHOD = "personal-access-token-check";

    private final KeycloakSession session;
    private final RealmModel realm;

    GatewayCheckResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    public Response get() {
        return check(HttpMethod.GET);
    }

    // Envoy's HTTP ext_authz calls the check with the proxied request's own method (and no body)

    @POST
    public Response post() {
        return check(HttpMethod.POST);
    }

    @PUT
    public Response put() {
        return check(HttpMethod.PUT);
    }

    @PATCH
    public Response patch() {
        return check(HttpMethod.PATCH);
    }

    @DELETE
    public Response delete() {
        return check(HttpMethod.DELETE);
    }

    @OPTIONS
    public Response options() {
        return check(HttpMethod.OPTIONS);
    }

    private Response check(String ownMethod) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        Response ambiguous = refuseAmbiguous(headers);
        if (ambiguous != null) {
            return ambiguous;
        }
        PresentedCredential credential = PresentedCredential.from(
                headers.getRequestHeader(HttpHeaders.AUTHORIZATION), headers.getRequestHeader(X_API_ACCESS_TOKEN));
        if (!credential.present()) {
            if (!PresentedCredential.MISSING.equals(credential.problem())) {
                failedUse(null, credential.problem(), Errors.INVALID_TOKEN);
            }
            // a request with no credential at all is not an event: every anonymous request behind a proxy is one
            return unauthorized();
        }
        Validation v = new PatValidator(session).use(realm, credential.token(), EntryPoint.GATEWAY, credential.username(),
                this::failureEvent);
        if (v.outcome() == Outcome.RATE_LIMITED) {
            // not an event: a flood of over-limit requests must not become a flood of event-store writes
            return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", v.retryAfterSeconds())
                    .header(X_AUTH_ERROR, "rate_limited")
                    .header("Cache-Control", "no-store")
                    .entity(body("rate_limited", "Too many requests with this token; retry after "
                            + v.retryAfterSeconds() + " s."))
                    .build();
        }
        if (!v.valid()) {
            return unauthorized();
        }
        Requirements required = Requirements.from(headers.getRequestHeader(X_REQUIRED_TEAM),
                headers.getRequestHeader(X_REQUIRED_ROLE), headers.getRequestHeader(X_FORWARDED_METHOD), ownMethod);
        Teams teams = Teams.of(session, realm, PatRuntime.of(session).policies().current(realm));
        Decision decision = Decision.of(required, team -> teams.matchRequired(team, v.team()), v.write(), v.roles()::has);
        if (!decision.allowed()) {
            failedUse(v, decision.error(), Errors.ACCESS_DENIED);
            return Response.status(decision.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .header(X_AUTH_ERROR, decision.error())
                    .header("Cache-Control", "no-store")
                    .entity(body(decision.error(), decision.description()))
                    .build();
        }
        // a 200 with no body and no Content-Type is what auth_request / forwardAuth expect
        session.getProvider(SecurityHeadersProvider.class).options().allowEmptyContentType();
        return Response.ok()
                .header("X-Auth-User", HeaderValues.value(v.user().getUsername()))
                .header("X-Auth-User-Id", HeaderValues.value(v.user().getId()))
                .header("X-Auth-Team", v.team() == null ? "" : HeaderValues.value(v.team().name()))
                .header("X-Auth-Team-Id", v.team() == null ? "" : HeaderValues.value(v.team().id()))
                .header("X-Auth-Scope", v.scope())
                .header("X-Auth-Roles", HeaderValues.list(v.roles().keys()))
                .header("X-Auth-Token-Id", HeaderValues.value(v.token().id()))
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * {@code 400 ambiguous_request} (docs/api.md, "Security guarantees") for a repeated security header or two PATs at
     * once, or null. Decided from header names and counts only, before any token is parsed further or validated (no
     * bcrypt, no database). A failed-use event with the reason, without token text or id, when the request carried a
     * credential.
     */
    private Response refuseAmbiguous(HttpHeaders headers) {
        Optional<AmbiguousRequest> ambiguous = AmbiguousRequest.find(headers::getRequestHeader);
        if (ambiguous.isEmpty()) {
            return null;
        }
        if (present(headers.getRequestHeader(HttpHeaders.AUTHORIZATION))
                || present(headers.getRequestHeader(X_API_ACCESS_TOKEN))) {
            failedUse(null, AmbiguousRequest.ERROR, Errors.INVALID_REQUEST);
        }
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .header(X_AUTH_ERROR, AmbiguousRequest.ERROR)
                .header("Cache-Control", "no-store")
                .entity(body(AmbiguousRequest.ERROR, ambiguous.get().description()))
                .build();
    }

    private static boolean present(List<String> lines) {
        return lines != null && !lines.isEmpty();
    }

    /** The same answer whatever the cause: the cause goes to the event store only. */
    private Response unauthorized() {
        return invalidToken(realm);
    }

    /**
     * 401 {@code invalid_token} with both challenges, for every endpoint a PAT authenticates (the check, {@code /self}):
     * the same answer whatever the cause, which goes to the event store only.
     */
    static Response invalidToken(RealmModel realm) {
        String realmParam = "realm=" + HeaderValues.quoted(realm.getName());
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                // Basic first: nginx 1.22 passes only the first WWW-Authenticate on, and git needs Basic
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic " + realmParam + ", charset=\"UTF-8\"")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer " + realmParam)
                .header("Cache-Control", "no-store")
                .entity(body("invalid_token", "A valid personal access token is required (Authorization: Bearer, "
                        + "Basic auth with the token as password, or X-API-Access-Token)."))
                .build();
    }

    private static String body(String error, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", error);
        n.put("errorDescription", description);
        return Json.write(n);
    }

    /** The event of a failed use at the check: LOGIN_ERROR with the check as auth method. */
    private EventBuilder failureEvent() {
        return new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN_ERROR)
                .detail(Details.AUTH_METHOD, AUTH_METHOD);
    }

    /** A failed use, as a LOGIN_ERROR event with the reason; the token id and prefix once it is identified. */
    private void failedUse(Validation v, String reason, String error) {
        long suppressed = 0;
        if (v == null) {
            // names no token: sampled like the pipeline's anonymous failures
            suppressed = PatRuntime.of(session).eventSampler().admit(realm.getId(), "GATEWAY/" + reason);
            if (suppressed < 0) {
                return;
            }
        }
        EventBuilder event = failureEvent();
        if (suppressed > 0) {
            event.detail(PatEvents.SUPPRESSED, Long.toString(suppressed));
        }
        PatEvents.failedUse(event, v == null ? null : v.token(), reason, error);
    }
}
