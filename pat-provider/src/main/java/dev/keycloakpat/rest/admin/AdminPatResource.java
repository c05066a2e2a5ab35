package dev.keycloakpat.rest.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.events.PatEvents.RevokedBy;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.policy.PolicyUpdate;
import dev.keycloakpat.rest.Json;
import dev.keycloakpat.service.PatException;
import dev.keycloakpat.service.TokenService;
import dev.keycloakpat.team.TeamNames;
import dev.keycloakpat.team.Teams;

/**
 * {@code /admin/realms/{realm}/personal-access-tokens} (contract §7). Keycloak's admin root has already
 * authenticated the caller; rights come from its {@link AdminPermissionEvaluator}: {@code view-users} to list,
 * {@code manage-users} to revoke and to change the policy.
 * API reference: {@code docs/openapi.yaml} (checked against the running server by {@code OpenApiIT}).
 */
public class AdminPatResource {

    static final String RESOURCE_TYPE = "PERSONAL_ACCESS_TOKEN";
    static final int DEFAULT_MAX = 100;
    static final int MAX_MAX = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final TokenService tokens;

    AdminPatResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
        this.tokens = new TokenService(session, realm);
    }

    /** Tokens of the realm (or of one user), newest first, with their owner's id and username. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("userId") String userId, @QueryParam("first") Integer first,
                         @QueryParam("max") Integer max) {
        UserModel owner = userId == null || userId.isBlank() ? null : session.users().getUserById(realm, userId);
        if (owner != null) {
            auth.users().requireView(owner);
        } else {
            auth.users().requireView();
        }
        return Json.handle(() -> {
            int from = first == null ? 0 : first;
            int size = max == null ? DEFAULT_MAX : max;
            if (from < 0) {
                throw PatException.badRequest("invalid_request", "first must be 0 or more.");
            }
            if (size < 1 || size > MAX_MAX) {
                throw PatException.badRequest("invalid_request", "max must be between 1 and " + MAX_MAX + ".");
            }
            if (userId != null && !userId.isBlank() && owner == null) {
                return Json.ok(Json.array(List.of()));
            }
            List<PatRecord> page = session.getProvider(PatStore.class)
                    .list(realm.getId(), owner == null ? null : owner.getId(), from, size);
            long now = Time.currentTime();
            TeamNames names = new TeamNames(Teams.of(session, realm, PolicyStore.read(realm)));
            Map<String, UserModel> users = new HashMap<>();
            List<ObjectNode> views = page.stream().map(t -> {
                ObjectNode view = Json.tokenView(t, names, now);
                view.put("userId", t.userId());
                UserModel u = users.computeIfAbsent(t.userId(), id -> session.users().getUserById(realm, id));
                if (u == null) {
                    view.putNull("username");
                } else {
                    view.put("username", u.getUsername());
                }
                return view;
            }).toList();
            return Json.ok(Json.array(views));
        });
    }

    /** Revokes any token of the realm at once, cluster-wide, like its owner would. */
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        PatRecord token = session.getProvider(PatStore.class).findById(realm.getId(), id).orElse(null);
        UserModel owner = token == null ? null : session.users().getUserById(realm, token.userId());
        if (owner != null) {
            auth.users().requireManage(owner);
        } else {
            auth.users().requireManage();
        }
        if (token == null) {
            return Json.error(PatException.notFound());
        }
        tokens.revoke(token, RevokedBy.ADMIN, auth.adminAuth().getUser());
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    @GET
    @Path("policy")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getPolicy() {
        auth.users().requireView();
        return Json.ok(PolicyStore.read(realm));
    }

    /**
     * Changes the fields given in the body (the others keep their values). Unknown fields, wrong types and
     * invalid values are a 400 {@code invalid_policy} and change nothing.
     */
    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updatePolicy(String body) {
        auth.users().requireManage();
        return Json.handle(() -> {
            PatPolicy updated = PolicyUpdate.apply(PolicyStore.read(realm), body);
            PolicyAdmin.save(session, realm, updated);
            adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                    .representation(updated).success();
            return Json.ok(updated);
        });
    }
}
