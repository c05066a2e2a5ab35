package dev.keycloakpat.rest.admin;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.events.PatEvents.RevokedBy;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.model.TokenSearch;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.policy.PolicyJson;
import dev.keycloakpat.rest.Json;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.service.TokenService;
import dev.keycloakpat.team.TeamNames;
import dev.keycloakpat.team.Teams;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.runtime.PatRuntime;

/**
 * {@code /admin/realms/{realm}/personal-access-tokens} (docs/api.md, "Admin API and policy"). Keycloak's admin root has
 * already authenticated the caller; rights come from its {@link AdminPermissionEvaluator}: {@code view-users} to list,
 * search and look up, {@code manage-users} to revoke and to change the policy (fine-grained permissions per user
 * apply), manage-users or manage rights on the client to create a service account's token
 * (docs/api.md, "Service accounts and incidents"). API reference: {@code docs/openapi.yaml} (checked against the
 * running server by {@code OpenApiIT}).
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

    /**
     * Tokens of the realm (or of one user), newest first, with their owner's id and username; optionally only those
     * whose name contains {@code search} (case-insensitive) or whose prefix starts with it ({@code kcpat_…}), of one
     * team, and {@code active} or {@code expired}. An admin limited by fine-grained permissions sees only the tokens
     * of users they may view.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("userId") String userId, @QueryParam("search") String search,
                         @QueryParam("teamId") String teamId, @QueryParam("status") String status,
                         @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        UserModel owner = userId == null || userId.isBlank() ? null : session.users().getUserById(realm, userId);
        boolean filterByOwner;
        if (owner != null) {
            auth.users().requireView(owner);
            filterByOwner = false;
        } else if (auth.users().canView()) {
            filterByOwner = false;
        } else {
            // fine-grained permissions: may query users, sees the tokens of those it may view
            auth.users().requireQuery();
            filterByOwner = true;
        }
        return Json.handle(() -> {
            int from = first == null ? 0 : first;
            int size = max == null ? DEFAULT_MAX : max;
            if (from < 0) {
                throw Refusal.invalid("invalid_request", "first must be 0 or more.");
            }
            if (size < 1 || size > MAX_MAX) {
                throw Refusal.invalid("invalid_request", "max must be between 1 and " + MAX_MAX + ".");
            }
            TokenSearch filters = TokenSearch.of(search, teamId, status);
            if (userId != null && !userId.isBlank() && owner == null) {
                return Json.ok(Json.array(List.of()));
            }
            String ownerId = owner == null ? null : owner.getId();
            long now = Time.currentTime();
            PatStore store = session.getProvider(PatStore.class);
            Map<String, UserModel> users = new HashMap<>();
            List<PatRecord> page;
            if (!filterByOwner) {
                page = store.search(realm.getId(), ownerId, filters, now, from, size);
            } else {
                page = visiblePage(store, filters, now, from, size, users);
            }
            if (!filters.isEmpty()) {
                Map<String, Object> rep = new HashMap<>();
                rep.put("search", search);
                rep.put("teamId", filters.teamId());
                rep.put("status", filters.status());
                rep.put("userId", ownerId);
                rep.put("found", page.size());
                adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                        .representation(rep).success();
            }
            TeamNames names = new TeamNames(Teams.of(session, realm, PolicyStore.read(realm)));
            List<ObjectNode> views = page.stream().map(t -> ownerView(t, names, now, users)).toList();
            return Json.ok(Json.array(views));
        });
    }

    /** One page of the tokens whose owners this admin may view, read from the store in batches. */
    private List<PatRecord> visiblePage(PatStore store, TokenSearch filters, long now, int from, int size,
                                        Map<String, UserModel> users) {
        List<PatRecord> out = new ArrayList<>();
        int skipped = 0;
        int offset = 0;
        int batch = Math.max(size, 100);
        while (out.size() < size) {
            List<PatRecord> chunk = store.search(realm.getId(), null, filters, now, offset, batch);
            for (PatRecord t : chunk) {
                UserModel u = users.computeIfAbsent(t.userId(), id -> session.users().getUserById(realm, id));
                if (u == null || !auth.users().canView(u)) {
                    continue;
                }
                if (skipped < from) {
                    skipped++;
                } else if (out.size() < size) {
                    out.add(t);
                }
            }
            if (chunk.size() < batch) {
                break;
            }
            offset += batch;
        }
        return out;
    }

    private ObjectNode ownerView(PatRecord t, TeamNames names, long now, Map<String, UserModel> users) {
        ObjectNode view = Json.tokenView(t, names, now, PatRuntime.of(session).lastUsed());
        view.put("userId", t.userId());
        UserModel u = users.computeIfAbsent(t.userId(), id -> session.users().getUserById(realm, id));
        if (u == null) {
            view.putNull("username");
        } else {
            view.put("username", u.getUsername());
        }
        return view;
    }

    /**
     * A token for a client's service account (docs/api.md, "Service accounts and incidents"): the body is a create
     * request plus {@code userId} of the service-account user. Needs manage-users for that user, or manage rights on
     * that client. Any other user is a {@code 400 not_a_service_account}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createForServiceAccount(InputStream body) {
        if (!auth.users().canQuery() && !auth.users().canManage() && !auth.clients().canView() && !auth.clients().canManage()) {
            throw new ForbiddenException();
        }
        return Json.handle(() -> {
            ServiceAccountRequest request = ServiceAccountRequest.parse(Json.readBody(body));
            UserModel user = session.users().getUserById(realm, request.userId());
            String link = user == null ? null : user.getServiceAccountClientLink();
            ClientModel client = link == null ? null : realm.getClientById(link);
            if (client == null) {
                if (user != null && !auth.users().canView(user) && !auth.clients().canView()) {
                    throw new ForbiddenException();
                }
                throw Refusal.invalid("not_a_service_account",
                        "userId must be the id of a client's service-account user (GET /admin/realms/{realm}/clients/{id}/service-account-user).");
            }
            if (!auth.users().canManage(user) && !auth.clients().canManage(client)) {
                throw new Refusal(Refusal.Kind.FORBIDDEN, "forbidden",
                        "Creating a token for this service account needs manage-users, or the right to manage client '"
                                + client.getClientId() + "'.");
            }
            if (!client.isEnabled() || !client.isServiceAccountsEnabled() || !user.isEnabled()) {
                throw Refusal.invalid("service_account_disabled",
                        "Client '" + client.getClientId() + "' or its service account is disabled; its tokens would not work.");
            }
            TokenService.Created created = tokens.create(user, request.create(), auth.adminAuth().getUser());
            long now = Time.currentTime();
            ObjectNode view = ownerView(created.record(), new TeamNames(Teams.of(session, realm, PolicyStore.read(realm))),
                    now, new HashMap<>());
            view.put("clientId", client.getClientId());
            adminEvent.operation(OperationType.CREATE)
                    .resourcePath(session.getContext().getUri(), created.record().id()).representation(view.deepCopy()).success();
            view.put("token", created.plaintext());
            return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                    .entity(Json.write(view)).build();
        });
    }

    /**
     * Finds the token a whole {@code kcpat_…} string proves (one found in a log or a repository): its view, owner id
     * and username. Unknown, a wrong secret for a known id, or a token of a user this admin may not view: 404.
     */
    @POST
    @Path("lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response lookup(InputStream body) {
        auth.users().requireQuery();
        return Json.handle(() -> {
            String presented = AdminBodies.token(Json.readBody(body));
            PatValidator.Revocation found = new PatValidator(session).identifyForRevocation(realm, presented);
            if (found.tryLater()) {
                return Json.tooManyRequests(found.retryAfterSeconds(), "Too many secret checks for this token id; retry after "
                        + found.retryAfterSeconds() + " s.");
            }
            PatRecord token = found.token();
            UserModel owner = token == null ? null : session.users().getUserById(realm, token.userId());
            if (owner == null || !auth.users().canView(owner)) {
                throw Refusal.notFound("No token of this realm matches.");
            }
            ObjectNode view = ownerView(token, new TeamNames(Teams.of(session, realm, PolicyStore.read(realm))),
                    Time.currentTime(), new HashMap<>(Map.of(owner.getId(), owner)));
            Map<String, Object> rep = new HashMap<>();
            rep.put("id", token.id());
            rep.put("prefix", token.displayPrefix());
            rep.put("userId", owner.getId());
            adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                    .representation(rep).success();
            return Json.ok(view);
        });
    }

    /**
     * Revokes every token of a user ({@code {"userId": …}}) or of a team ({@code {"teamId": …}}), each like an admin
     * revoke (final, cluster-wide, one event each); answers {@code {"revoked": n}}. A user's tokens need manage rights
     * on that user; a team's tokens, which belong to many users, need realm-wide manage-users.
     */
    @POST
    @Path("revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response bulkRevoke(InputStream body) {
        if (!auth.users().canQuery() && !auth.users().canManage()) {
            throw new ForbiddenException();
        }
        return Json.handle(() -> {
            AdminBodies.BulkRevoke request = AdminBodies.bulkRevoke(Json.readBody(body));
            PatStore store = session.getProvider(PatStore.class);
            List<PatRecord> targets;
            if (request.userId() != null) {
                UserModel user = session.users().getUserById(realm, request.userId());
                if (user == null) {
                    throw Refusal.notFound("No user with that id in this realm.");
                }
                auth.users().requireManage(user);
                targets = store.listByUser(realm.getId(), user.getId());
            } else {
                auth.users().requireManage();
                targets = store.listByTeam(realm.getId(), request.teamId());
                if (targets.isEmpty() && Teams.of(session, realm, PolicyStore.read(realm)).find(request.teamId()).isEmpty()) {
                    throw Refusal.notFound("No team with that id in this realm.");
                }
            }
            UserModel actor = auth.adminAuth().getUser();
            int revoked = 0;
            for (PatRecord t : targets) {
                if (tokens.revoke(t, RevokedBy.ADMIN, actor)) {
                    revoked++;
                }
            }
            Map<String, Object> rep = new HashMap<>();
            rep.put("userId", request.userId());
            rep.put("teamId", request.teamId());
            rep.put("revoked", revoked);
            adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                    .representation(rep).success();
            return Json.ok(Json.object().put("revoked", revoked));
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
            return Json.error(Refusal.notFound());
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
        return Json.ok(PolicyJson.toJson(PolicyStore.read(realm)));
    }

    /**
     * Changes the fields given in the body (the others keep their values). Unknown fields, wrong types and
     * invalid values are a 400 {@code invalid_policy} and change nothing.
     */
    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updatePolicy(java.io.InputStream body) {
        auth.users().requireManage();
        return Json.handle(() -> {
            PatPolicy updated = AdminBodies.policy(PolicyStore.read(realm), Json.readBody(body));
            PolicyAdmin.save(session, realm, updated);
            adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                    .representation(PolicyJson.toJson(updated)).success();
            return Json.ok(PolicyJson.toJson(updated));
        });
    }
}
