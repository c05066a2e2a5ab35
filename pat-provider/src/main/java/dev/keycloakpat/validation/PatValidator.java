package dev.keycloakpat.validation;

import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.cache.PatRuntime;
import dev.keycloakpat.cache.VerifiedTokenCache;
import dev.keycloakpat.metrics.PatMetrics;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.team.Team;
import dev.keycloakpat.team.Teams;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.token.SecretHasher;

/**
 * The one validation path. Every entry point (introspection, the PAT authenticator, the gateway check,
 * the exchanged-JWT introspection) calls it; it says why a token fails, callers decide what to reveal.
 *
 * <ol>
 *   <li>parse: garbage is refused without touching storage;</li>
 *   <li>identify: the verified-token cache, or the store by public id plus bcrypt (throttled per id);</li>
 *   <li>live checks: expiry and policy, user exists and is enabled, still in the team;</li>
 *   <li>roles: the user's effective roles now, narrowed by the token's list.</li>
 * </ol>
 */
public final class PatValidator {

    private final KeycloakSession session;
    private final PatRuntime runtime;

    public PatValidator(KeycloakSession session) {
        this.session = session;
        this.runtime = PatRuntime.get();
    }

    /** Validates a presented token string in a realm. */
    public Validation validate(RealmModel realm, String presented) {
        Validation v = validateUncounted(realm, presented);
        PatMetrics.validation(v.outcome());
        return v;
    }

    private Validation validateUncounted(RealmModel realm, String presented) {
        Optional<PatToken> parsed = PatToken.parse(presented);
        if (parsed.isEmpty()) {
            return Validation.failed(Outcome.MALFORMED, null);
        }
        PatToken token = parsed.get();
        String digest = VerifiedTokenCache.digest(presented);
        PatRecord record = runtime.cache().get(digest);
        PatMetrics.cache(record != null);
        if (record == null || !record.realmId().equals(realm.getId())) {
            // throttled: only the one string this node verified before gets past here (no bcrypt either way)
            boolean throttled = runtime.throttle().isThrottled(token.publicId());
            String vouched = throttled ? runtime.throttle().vouchedHash(token.publicId(), digest) : null;
            if (throttled && vouched == null) {
                return Validation.failed(Outcome.THROTTLED, null);
            }
            Optional<PatRecord> stored = session.getProvider(PatStore.class).findByPublicId(realm.getId(), token.publicId());
            if (stored.isEmpty()) {
                return Validation.failed(Outcome.UNKNOWN, null);
            }
            record = stored.get();
            if (vouched != null) {
                if (!vouched.equals(record.secretHash())) {
                    return Validation.failed(Outcome.THROTTLED, null);
                }
            } else if (!SecretHasher.matches(token.secret(), record.secretHash())) {
                runtime.throttle().recordFailure(token.publicId());
                return Validation.failed(Outcome.BAD_SECRET, record);
            } else {
                runtime.throttle().verified(token.publicId(), digest, record.secretHash());
            }
            runtime.cache().put(digest, record);
        }
        Validation result = validateLive(realm, record);
        if (result.valid()) {
            runtime.lastUsed().used(record.id(), record.lastUsedAt(), Time.currentTime());
        }
        return result;
    }

    /** Checks only whether the secret of a presented token matches a stored token (for leaked-token revocation). */
    public Optional<PatRecord> identify(RealmModel realm, String presented) {
        Optional<PatToken> parsed = PatToken.parse(presented);
        if (parsed.isEmpty() || runtime.throttle().isThrottled(parsed.get().publicId())) {
            return Optional.empty();
        }
        Optional<PatRecord> stored = session.getProvider(PatStore.class).findByPublicId(realm.getId(), parsed.get().publicId());
        if (stored.isPresent() && !SecretHasher.matches(parsed.get().secret(), stored.get().secretHash())) {
            runtime.throttle().recordFailure(parsed.get().publicId());
            return Optional.empty();
        }
        return stored;
    }

    /**
     * The live checks for a token already identified (e.g. by the pat_id claim of an exchanged JWT, or the
     * exchange's token post-processor): from the verified-token cache when this node verified it recently
     * (revocation and deletion evict it on every node), else from the store.
     */
    public Validation validateById(RealmModel realm, String tokenId) {
        PatRecord cached = runtime.cache().getById(tokenId);
        if (cached != null && cached.realmId().equals(realm.getId())) {
            return validateLive(realm, cached);
        }
        Optional<PatRecord> stored = session.getProvider(PatStore.class).findById(realm.getId(), tokenId);
        return stored.map(r -> validateLive(realm, r)).orElseGet(() -> Validation.failed(Outcome.UNKNOWN, null));
    }

    /** Expiry, policy, user, team and roles, evaluated now. */
    public Validation validateLive(RealmModel realm, PatRecord record) {
        PatPolicy policy = PolicyStore.current(realm);
        Outcome timeAndPolicy = ValidityRules.check(record, policy, Time.currentTime());
        if (timeAndPolicy != Outcome.VALID) {
            return Validation.failed(timeAndPolicy, record);
        }
        UserModel user = session.users().getUserById(realm, record.userId());
        if (user == null) {
            return Validation.failed(Outcome.USER_NOT_FOUND, record);
        }
        if (!user.isEnabled()) {
            return new Validation(Outcome.USER_DISABLED, record, user, null, null, false);
        }
        Teams teams = Teams.of(session, realm, policy);
        Team team = null;
        if (record.teamId() != null) {
            if (!teams.enabled() || !teams.isMember(user, record.teamId())) {
                return new Validation(Outcome.NOT_IN_TEAM, record, user, null, null, false);
            }
            team = teams.find(record.teamId()).orElse(null);
            if (team == null) {
                return new Validation(Outcome.NOT_IN_TEAM, record, user, null, null, false);
            }
        } else if (teams.enabled()) {
            // the realm switched to teams after this token was made: it is bound to none, so it cannot pass
            return new Validation(Outcome.NOT_IN_TEAM, record, user, null, null, false);
        }
        LiveRoles all = LiveRoles.of(user);
        boolean write = record.write() && (policy.writeRole == null || policy.writeRole.isBlank() || all.has(policy.writeRole));
        return new Validation(Outcome.VALID, record, user, team, all.narrowTo(record.roles()), write);
    }
}
