package dev.keycloakpat.introspection;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.UserSessionUtil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.claims.PatClaims;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.claims.DerivedTokenBinding;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.validation.PatValidator.EntryPoint;
import dev.keycloakpat.validation.Validation;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.model.PatRecord;

/**
 * Keycloak's access-token introspection, extended:
 * <ul>
 *   <li>a PAT ({@code kcpat_…}) is answered by {@link PatValidator} (docs/api.md, "Introspection");</li>
 *   <li>a JWT obtained by exchanging a PAT (it has a {@code pat_id} claim) is first checked by Keycloak as
 *       usual, then its PAT is validated live and its roles are replaced by the PAT's live narrowed roles,
 *       so it never outlives or outgrows its PAT;</li>
 *   <li>every other token goes through Keycloak's implementation unchanged.</li>
 * </ul>
 */
public class PatAwareIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] INACTIVE = "{\"active\":false}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public PatAwareIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public Response introspect(String tokenStr, EventBuilder event) {
        if (!PatToken.looksLikePat(tokenStr)) {
            return super.introspect(tokenStr, event);
        }
        this.eventBuilder = event;
        ClientModel client = session.getContext().getClient();
        PatPolicy policy = PatRuntime.of(session).policies().current(realm);
        if (!policy.introspectionClients().isEmpty() && (client == null || !policy.introspectionClients().contains(client.getClientId()))) {
            event.detail("reason", "client_not_allowed_to_introspect_pats");
            event.error("invalid_client");
            return inactive();
        }
        Validation v = new PatValidator(session).use(realm, tokenStr, EntryPoint.INTROSPECTION, null, () -> event);
        if (!v.valid()) {
            return inactive();
        }
        event.success();
        return Response.ok(body(v).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_TYPE).build();
    }

    static ObjectNode body(Validation v) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("active", true);
        n.put("token_type", "PAT");
        n.put("sub", v.user().getId());
        n.put("username", v.user().getUsername());
        n.put("iat", v.token().createdAt());
        if (v.token().expiresAt() != null) {
            n.put("exp", v.token().expiresAt());
        }
        n.put("scope", v.scope());
        if (v.team() != null) {
            n.putObject("team").put("id", v.team().id()).put("name", v.team().name());
        }
        ArrayNode realmRoles = n.putObject("realm_access").putArray("roles");
        v.roles().realmRoles().forEach(realmRoles::add);
        ObjectNode resourceAccess = n.putObject("resource_access");
        v.roles().clientRoles().forEach((client, roles) -> {
            ArrayNode a = resourceAccess.putObject(client).putArray("roles");
            roles.forEach(a::add);
        });
        n.put(PatRecord.ID_KEY, v.token().id());
        return n;
    }

    private static Response inactive() {
        return Response.ok(INACTIVE, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Keycloak recomputes a token's roles from its session here (introspection, and the Account API for tokens
     * without the account client's roles). A PAT-derived token gets its PAT's live narrowed identity instead,
     * and nothing at all once its PAT is no longer valid.
     */
    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        AccessToken transformed = super.transformAccessToken(token, userSession);
        Object patId = token.getOtherClaims().get(PatRecord.ID_KEY);
        if (patId == null) {
            return transformed;
        }
        Validation v = new PatValidator(session).useDerived(realm, String.valueOf(patId), token.getSubject(), null);
        if (v.valid()) {
            PatClaims.apply(transformed, v);
        } else {
            PatClaims.strip(transformed);
        }
        return transformed;
    }

    @Override
    protected boolean introspectionChecks(String tokenStr) {
        if (!super.introspectionChecks(tokenStr)) {
            return false;
        }
        Object patId = token.getOtherClaims().get(PatRecord.ID_KEY);
        if (patId == null) {
            return true;
        }
        Validation v = new PatValidator(session).useDerived(realm, String.valueOf(patId), token.getSubject(), () -> eventBuilder);
        if (!v.valid()) {
            transformedToken = null;
            return false;
        }
        PatClaims.apply(transformedToken, v);
        return true;
    }

    /**
     * A JWT derived from a PAT is bound (see {@code DerivedTokenBinding}) so that Keycloak's own endpoints, which
     * look its session up, refuse it. Here, and only here, it is judged by its PAT instead: a transient session for
     * its subject, as Keycloak makes for a token that has none, and the PAT's live checks in
     * {@link #introspectionChecks}.
     */
    @Override
    protected UserSessionUtil.UserSessionValidationResult verifyUserSession() {
        if (token.getOtherClaims().get(PatRecord.ID_KEY) == null) {
            return super.verifyUserSession();
        }
        String boundId = token.getId();
        try {
            token.id(DerivedTokenBinding.unbound(session, boundId));
            return super.verifyUserSession();
        } finally {
            token.id(boundId);
        }
    }
}
