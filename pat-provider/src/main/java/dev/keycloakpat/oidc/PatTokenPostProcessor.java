package dev.keycloakpat.oidc;

import java.util.List;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.utils.JsonUtils;

import dev.keycloakpat.claims.DerivedTokenBinding;
import dev.keycloakpat.claims.PatClaims;
import dev.keycloakpat.team.Team;
import dev.keycloakpat.roles.LiveRoles;
import dev.keycloakpat.validation.PatValidator;
import dev.keycloakpat.validation.Validation;

/**
 * Shapes every access token issued for a PAT-authenticated session (password grant with the PAT authenticator, or
 * the RFC 8693 exchange), whatever client and scopes asked for it (docs/api.md, "Security guarantees"):
 * <ul>
 *   <li>roles: the PAT's live narrowed roles, intersected with what Keycloak gives this client (its role scope);</li>
 *   <li>every claim of a protocol mapper filtered to those roles and the token's team ({@link ClaimNarrowing});</li>
 *   <li>read/write scope, team and pat_id claims;</li>
 *   <li>{@code exp} never after the PAT's expiry;</li>
 *   <li>bound so that Keycloak's own endpoints (admin API, Account API, userinfo, token exchange) refuse it
 *       ({@link DerivedTokenBinding}).</li>
 * </ul>
 */
final class PatTokenPostProcessor implements TokenPostProcessor {

    /** Session attribute: the user session of this request's exchange, for {@link PatPasswordGrantType}. */
    static final String USER_SESSION_ATTRIBUTE = "kcpat.exchange.userSession";

    private final KeycloakSession session;

    PatTokenPostProcessor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        AccessToken token = context.accessToken();
        ClientSessionContext ctx = context.clientSessionCtx();
        if (token == null || ctx == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = ctx.getClientSession();
        if (clientSession == null || clientSession.getUserSession() == null) {
            return;
        }
        String patId = clientSession.getUserSession().getNote(PatAuthenticator.SESSION_NOTE);
        if (patId == null) {
            return;
        }
        RealmModel realm = clientSession.getRealm();
        Validation v = new PatValidator(session).validateById(realm, patId);
        if (!v.valid()) {
            // revoked or changed between validation and issuance: an OAuth error, not a server error
            throw new org.keycloak.services.ErrorResponseException("invalid_grant",
                    "The personal access token became invalid during the exchange", jakarta.ws.rs.core.Response.Status.BAD_REQUEST);
        }
        session.setAttribute(USER_SESSION_ATTRIBUTE, clientSession.getUserSession().getId());

        LiveRoles granted = v.roles().retainAll(ctx.getRolesStream().toList());
        Validation shaped = new Validation(v.outcome(), v.token(), v.user(), v.team(), granted, v.write());
        List<ClaimNarrowing.Mapper> mappers = ctx.getProtocolMappersStream()
                .filter(m -> m.getConfig() != null && m.getConfig().get("claim.name") != null)
                .map(m -> new ClaimNarrowing.Mapper(m.getProtocolMapper(),
                        JsonUtils.splitClaimPath(m.getConfig().get("claim.name")), m.getConfig()))
                .toList();
        ClaimNarrowing.apply(token.getOtherClaims(), mappers, new ClaimNarrowing.Allowed(granted.realmRoles(),
                granted.clientRoles(), teamGroupPath(realm, v.team()), teamOrgAlias(v.team())));
        PatClaims.apply(token, shaped);
        Long patExpiry = v.token().expiresAt();
        if (patExpiry != null && (token.getExp() == null || token.getExp() > patExpiry)) {
            token.exp(patExpiry);
        }
        DerivedTokenBinding.bind(session, token);
    }

    private String teamGroupPath(RealmModel realm, Team team) {
        if (team == null || !Team.KIND_GROUP.equals(team.kind())) {
            return null;
        }
        GroupModel group = realm.getGroupById(team.id());
        return group == null ? null : KeycloakModelUtils.buildGroupPath(group);
    }

    private String teamOrgAlias(Team team) {
        if (team == null || !Team.KIND_ORGANIZATION.equals(team.kind())) {
            return null;
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        OrganizationModel org = orgs == null ? null : orgs.getById(team.id());
        return org == null ? null : org.getAlias();
    }
}
