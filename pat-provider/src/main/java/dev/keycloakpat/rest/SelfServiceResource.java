package dev.keycloakpat.rest;

import java.io.InputStream;
import java.net.URI;
import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.cors.Cors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.events.PatEvents.RevokedBy;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.service.CreateRules;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.service.RecentLogin;
import dev.keycloakpat.service.TokenService;
import dev.keycloakpat.team.TeamNames;
import dev.keycloakpat.team.Teams;
import dev.keycloakpat.roles.LiveRoles;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.validation.Outcome;
import dev.keycloakpat.validation.Validation;
import dev.keycloakpat.gateway.AmbiguousRequest;
import dev.keycloakpat.gateway.HeaderValues;
import dev.keycloakpat.gateway.PresentedCredential;
import dev.keycloakpat.runtime.PatRuntime;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

/**
 * {@code /realms/{realm}/personal-access-tokens}: the self-service API (docs/api.md, "Self-service API"), plus the
 * gateway check. Described for users in {@code docs/openapi.yaml}; {@code OpenApiIT} checks the answers against it, so
 * a change here that users can see goes there too.
 */
public class SelfServiceResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TokenService tokens;

    public SelfServiceResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.tokens = new TokenService(session, realm);
    }

    private UserModel caller() {
        return authenticatedCaller().user();
    }

    private CallerAuth.Caller authenticatedCaller() {
        CallerAuth.Caller caller = CallerAuth.require(session);
        CorsOrigins.ofToken(Cors.builder(), caller.token()).allowedMethods("GET", "POST", "DELETE").auth().add();
        return caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        return Json.handle(() -> {
            UserModel user = caller();
            long now = Time.currentTime();
            TeamNames names = new TeamNames(tokens.teams(tokens.policy()));
            List<ObjectNode> views = tokens.list(user).stream()
                    .sorted(Comparator.comparingLong(PatRecord::createdAt).reversed())
                    .map(t -> Json.tokenView(t, names, now, PatRuntime.of(session).lastUsed())).toList();
            return Json.ok(Json.array(views));
        });
    }

    @GET
    @Path("options")
    @Produces(MediaType.APPLICATION_JSON)
    public Response options() {
        return Json.handle(() -> {
            UserModel user = caller();
            PatPolicy policy = tokens.policy();
            Teams teams = tokens.teams(policy);
            LiveRoles roles = LiveRoles.of(user);
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode teamList = n.putArray("teams");
            teams.teamsOf(user).forEach(t -> teamList.addObject().put("id", t.id()).put("name", t.name()));
            n.put("teamRequired", teams.enabled());
            ArrayNode days = n.putArray("expirationDays");
            CreateRules.offeredDays(policy).forEach(days::add);
            n.put("allowNoExpiration", policy.allowNoExpiration());
            n.put("maxLifetimeDays", policy.maxLifetimeDays());
            n.put("writeAllowed", tokens.writeAllowed(policy, user, roles));
            ArrayNode grantable = n.putArray("grantableRoles");
            roles.keys().forEach(grantable::add);
            n.put("maxTokensPerUser", policy.maxTokensPerUser());
            n.put("rotationGraceMaxSeconds", policy.rotationGraceMaxSeconds());
            return Json.ok(n);
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        return Json.handle(() -> {
            CallerAuth.Caller caller = authenticatedCaller();
            UserModel user = caller.user();
            // a recent login (docs/api.md, "Security guarantees"), checked first; nothing is created without it
            RecentLogin.require(caller.authTime(), tokens.policy().maxAuthAgeSeconds(), Time.currentTime());
            TokenService.Created created = tokens.create(user, CreateBody.parse(Json.readBody(body)));
            ObjectNode view = Json.tokenView(created.record(), new TeamNames(tokens.teams(tokens.policy())), Time.currentTime(), PatRuntime.of(session).lastUsed());
            view.put("token", created.plaintext());
            URI location = session.getContext().getUri().getAbsolutePathBuilder().path(created.record().id()).build();
            return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store").entity(Json.write(view)).build();
        });
    }

    // ---- the token itself (docs/api.md, "Rotation and self") ----------------------------------------------------
    // declared before {id} so that "self" is never taken for an id

    /**
     * {@code GET /self} with the PAT itself (Bearer, Basic {@code username:PAT}, or {@code X-API-Access-Token}):
     * its view, its live narrowed roles and its user. Validated by the pipeline like the gateway check.
     */
    @GET
    @Path("self")
    @Produces(MediaType.APPLICATION_JSON)
    public Response self() {
        return asPresentedToken(v -> {
            ObjectNode view = Json.tokenView(v.token(), new TeamNames(tokens.teams(tokens.policy())), Time.currentTime(), PatRuntime.of(session).lastUsed());
            ArrayNode roles = view.putArray("roles");
            v.roles().keys().forEach(roles::add);
            view.putObject("user").put("id", v.user().getId()).put("username", v.user().getUsername());
            return Response.ok(Json.write(view), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
        });
    }

    /** {@code POST /self/rotate} with the PAT itself: a rotation without grace, the one change a PAT may make. */
    @POST
    @Path("self/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response selfRotate() {
        return asPresentedToken(v -> rotated(tokens.rotate(v.user(), v.token(), 0, null)));
    }

    /** Runs a call authenticated by the presented PAT itself: 429 when rate-limited, 401 when not valid. */
    private Response asPresentedToken(java.util.function.Function<Validation, Response> call) {
        return Json.handle(() -> {
            Validation v = presentedToken();
            if (v.outcome() == Outcome.RATE_LIMITED) {
                return Json.tooManyRequests(v.retryAfterSeconds(), "Too many requests with this token; retry after "
                        + v.retryAfterSeconds() + " s.");
            }
            if (!v.valid()) {
                return unauthorized();
            }
            return call.apply(v);
        });
    }

    /**
     * {@code POST /{id}/rotate} with the owner's session token; the same caller rules as {@link #create} (kept on the
     * same path: {@link #caller()} first, then the service).
     */
    @POST
    @Path("{id}/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("id") String id, InputStream body) {
        return Json.handle(() -> {
            CallerAuth.Caller caller = authenticatedCaller();
            UserModel user = caller.user();
            // the same recent-login rule as creation: a rotation mints a new secret
            RecentLogin.require(caller.authTime(), tokens.policy().maxAuthAgeSeconds(), Time.currentTime());
            long grace = graceSeconds(Json.readBody(body));
            PatRecord token = tokens.find(user, id).orElseThrow(Refusal::notFound);
            return rotated(tokens.rotate(user, token, grace, null));
        });
    }

    private Response rotated(TokenService.Created created) {
        ObjectNode view = Json.tokenView(created.record(), new TeamNames(tokens.teams(tokens.policy())), Time.currentTime(), PatRuntime.of(session).lastUsed());
        view.put("token", created.plaintext());
        URI location = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("personal-access-tokens").path(created.record().id()).build();
        return Response.created(location).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store").entity(Json.write(view)).build();
    }

    /** The optional body of a rotation: nothing, {@code {}} or {@code {"graceSeconds": n}}. */
    static long graceSeconds(String body) {
        if (body == null || body.isBlank()) {
            return 0;
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw Refusal.invalid("invalid_request", "The request body is not valid JSON.");
        }
        if (n == null || !n.isObject()) {
            throw Refusal.invalid("invalid_request", "The request body must be a JSON object.");
        }
        var fields = n.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!"graceSeconds".equals(f)) {
                throw Refusal.invalid("invalid_request", "Unknown field '" + f.replaceAll("\\p{Cntrl}", "?") + "'.");
            }
        }
        JsonNode grace = n.get("graceSeconds");
        if (grace == null || grace.isNull()) {
            return 0;
        }
        if (!grace.isIntegralNumber() || !grace.canConvertToLong()) {
            throw Refusal.invalid("invalid_grace", "graceSeconds must be a whole number of seconds.");
        }
        return grace.asLong();
    }

    /** The PAT presented to {@code /self}, through the validation pipeline. */
    private Validation presentedToken() {
        Cors.builder().allowAllOrigins().allowedMethods("GET", "POST").add();
        var headers = session.getContext().getRequestHeaders();
        if (AmbiguousRequest.find(headers::getRequestHeader).isPresent()) {
            throw Refusal.invalid(AmbiguousRequest.ERROR, "A credential header was given more than once.");
        }
        PresentedCredential credential = PresentedCredential.from(headers.getRequestHeader(HttpHeaders.AUTHORIZATION),
                headers.getRequestHeader(GatewayCheckResource.X_API_ACCESS_TOKEN));
        if (!credential.present()) {
            return Validation.failed(Outcome.MALFORMED, null);
        }
        return new PatValidator(session).use(realm, credential.token(), PatValidator.EntryPoint.SELF,
                credential.username(), () -> new EventBuilder(realm, session, session.getContext().getConnection())
                        .event(EventType.LOGIN_ERROR).detail(Details.AUTH_METHOD, "personal-access-token-self"));
    }

    private Response unauthorized() {
        return GatewayCheckResource.invalidToken(realm);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        return Json.handle(() -> {
            UserModel user = caller();
            PatRecord token = tokens.find(user, id).orElseThrow(Refusal::notFound);
            return Json.ok(Json.tokenView(token, new TeamNames(tokens.teams(tokens.policy())), Time.currentTime(), PatRuntime.of(session).lastUsed()));
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return Json.handle(() -> {
            UserModel user = caller();
            PatRecord token = tokens.find(user, id).orElseThrow(Refusal::notFound);
            tokens.revoke(token, RevokedBy.OWNER, user);
            return Response.noContent().build();
        });
    }

    /**
     * Whoever holds a leaked token can kill it; no login needed. Unknown tokens get the same 204. A valid token is
     * always revoked, even while its id is flooded with wrong secrets; when the secret checks for the id are used up
     * the answer is an honest 429 with Retry-After, never a 204 that revoked nothing.
     * <p>
     * {@code {"tokens": […]}} is a leak report (a secret scanner, or anyone who found tokens): up to
     * {@value LeakReport#MAX_TOKENS} tokens; each valid one is revoked with {@code reason=leaked} and its owner is
     * e-mailed. The answer never says which were valid.
     */
    @POST
    @Path("revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revokeByToken(InputStream body) {
        return Json.handle(() -> {
            Cors.builder().allowAllOrigins().allowedMethods("POST").add();
            LeakReport report = LeakReport.parse(Json.readBody(body));
            if (report.single()) {
                String presented = report.tokens().get(0);
                if (dev.keycloakpat.token.PatToken.parse(presented).isEmpty()) {
                    throw Refusal.invalid("invalid_token", "That is not a personal access token (kcpat_…), or it was mistyped.");
                }
                PatValidator.Revocation found = new PatValidator(session).identifyForRevocation(realm, presented);
                if (found.tryLater()) {
                    return tooManyRequests(found.retryAfterSeconds());
                }
                if (found.token() != null) {
                    tokens.revoke(found.token(), RevokedBy.LEAKED_TOKEN_REVOCATION, null);
                }
                return Response.noContent().build();
            }
            long retryAfter = 0;
            PatValidator validator = new PatValidator(session);
            for (String presented : report.tokens()) {
                // strings that are not well-formed tokens (a scanner's near-miss) cannot be tokens: nothing to revoke
                if (dev.keycloakpat.token.PatToken.parse(presented).isEmpty()) {
                    continue;
                }
                PatValidator.Revocation found = validator.identifyForRevocation(realm, presented);
                if (found.tryLater()) {
                    // revoke what can be revoked now; the 429 tells the reporter to send the report again
                    retryAfter = Math.max(retryAfter, found.retryAfterSeconds());
                } else if (found.token() != null && tokens.revoke(found.token(), RevokedBy.LEAK_REPORT, null)) {
                    dev.keycloakpat.notice.LeakNotices.leaked(session, realm, found.token(), Time.currentTime());
                }
            }
            return retryAfter > 0 ? tooManyRequests(retryAfter) : Response.noContent().build();
        });
    }

    private static Response tooManyRequests(long retryAfterSeconds) {
        return Json.tooManyRequests(retryAfterSeconds, "Too many revocation attempts for a token id; retry after "
                + retryAfterSeconds + " s.");
    }

    /** {@code GET /check}: the gateway check (docs/api.md, "Gateway check"), see {@link GatewayCheckResource}. */
    @Path("check")
    public GatewayCheckResource gatewayCheck() {
        return new GatewayCheckResource(session);
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Cors.builder().preflight().allowedMethods("GET", "POST", "DELETE", "OPTIONS").auth()
                .allowAllOrigins().add(Response.ok());
    }
}
