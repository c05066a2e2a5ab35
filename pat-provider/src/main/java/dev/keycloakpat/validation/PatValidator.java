package dev.keycloakpat.validation;

import java.util.Optional;
import java.util.function.Supplier;

import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.events.PatEvents;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.roles.LiveRoles;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.runtime.RateLimiter;
import dev.keycloakpat.team.Team;
import dev.keycloakpat.team.Teams;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.token.SecretHasher;

/**
 * The one validation pipeline. Every entry point (introspection, the PAT authenticator, the token exchange, the
 * gateway check, the exchanged-JWT introspection) calls {@link #use} or {@link #useDerived} and only renders the
 * {@link Validation} it gets back; realm, owner, rate limit, throttle, events and metrics live here once.
 *
 * <ol>
 *   <li>parse: garbage is refused without touching storage;</li>
 *   <li>identify: the verified-token cache, or the store by exact public id plus bcrypt (a negative cache for
 *       unknown ids; secret checks per id reserved atomically before bcrypt, see {@code FailureThrottle});</li>
 *   <li>live checks: realm enabled, expiry and policy, user exists and is enabled, realm and user not-before,
 *       still in the team;</li>
 *   <li>roles: the user's effective roles now, narrowed by the token's list;</li>
 *   <li>the entry point's requirements: the owner it names (Basic or password-grant username, JWT subject),
 *       the per-token request limit;</li>
 *   <li>metrics, and the event: a failed use is the entry point's error event with the reason (events that name no
 *       token are sampled); a valid use gets the token's id and prefix on the entry point's event.</li>
 * </ol>
 */
public final class PatValidator {

    /**
     * Where a token is used: whether the per-token request limit applies, the error code of a failed use's event,
     * and whether a valid use is an event of its own (the gateway's are not: that would be one per proxied request).
     */
    public enum EntryPoint {
        INTROSPECTION(false, "invalid_token", true),
        GATEWAY(true, "invalid_token", false),
        /** {@code GET /self} and {@code POST /self/rotate}: the token asking about (or rotating) itself. */
        SELF(true, "invalid_token", false),
        PASSWORD_GRANT(true, "invalid_user_credentials", true),
        TOKEN_EXCHANGE(true, "invalid_token", true),
        /** A JWT obtained by exchanging a PAT, identified by its pat_id claim. */
        DERIVED_JWT(false, "invalid_token", true);

        final boolean rateLimited;
        final String error;
        final boolean validUseIsEvent;

        EntryPoint(boolean rateLimited, String error, boolean validUseIsEvent) {
            this.rateLimited = rateLimited;
            this.error = error;
            this.validUseIsEvent = validUseIsEvent;
        }
    }

    /** Answer of {@link #identifyForRevocation}: the token the presented string proves, or when to try again. */
    public record Revocation(PatRecord token, long retryAfterSeconds) {
        public boolean tryLater() {
            return retryAfterSeconds > 0;
        }
    }

    private final KeycloakSession session;
    private final PatRuntime runtime;

    public PatValidator(KeycloakSession session) {
        this.session = session;
        this.runtime = PatRuntime.of(session);
    }

    /**
     * Validates a presented token for an entry point.
     *
     * @param ownerUsername the username the request names next to the token (Basic auth, password grant), or null
     * @param event         the entry point's event, made on first need (failed uses are written to it, valid ones
     *                      get the token's details; the caller calls {@code success()}), or null for none
     */
    public Validation use(RealmModel realm, String presented, EntryPoint entryPoint, String ownerUsername,
                          Supplier<EventBuilder> event) {
        Validation v = validate(realm, presented);
        if (v.outcome() == Outcome.ROTATED && v.token() != null && v.token().rotatedTo() != null) {
            // the secret was verified: a rotated-away token is in use after its grace, so it leaked; kill the chain
            int revoked = dev.keycloakpat.service.TokenService.revokeSuccessors(session, realm, v.token());
            if (revoked > 0) {
                org.jboss.logging.Logger.getLogger(PatValidator.class).warnf(
                        "Rotated-away personal access token %s was used after its grace: revoked %d successor(s)",
                        v.token().id(), (Object) revoked);
                dev.keycloakpat.notice.LeakNotices.reused(session, realm, v.token(), revoked, Time.currentTime());
            }
        }
        if (v.valid() && ownerUsername != null && !ownerUsername.trim().equalsIgnoreCase(v.user().getUsername())) {
            v = new Validation(Outcome.WRONG_OWNER, v.token(), v.user(), null, null, false);
        }
        return finish(realm, v, entryPoint, event);
    }

    /**
     * Validates the PAT behind a JWT obtained by exchanging it ({@code pat_id} claim), for that JWT's subject.
     */
    public Validation useDerived(RealmModel realm, String tokenId, String subjectId, Supplier<EventBuilder> event) {
        Validation v = validateById(realm, tokenId);
        if (v.valid() && (subjectId == null || !subjectId.equals(v.user().getId()))) {
            v = new Validation(Outcome.WRONG_OWNER, v.token(), v.user(), null, null, false);
        }
        return finish(realm, v, EntryPoint.DERIVED_JWT, event);
    }

    private Validation finish(RealmModel realm, Validation v, EntryPoint entryPoint, Supplier<EventBuilder> event) {
        if (v.valid() && entryPoint.rateLimited) {
            PatPolicy policy = runtime.policies().current(realm);
            RateLimiter.Allowance limit = runtime.rateLimiter().tryAcquire(v.token().id(), policy.rateLimitPerMinute(), policy.rateLimitBurst());
            if (!limit.allowed()) {
                v = new Validation(Outcome.RATE_LIMITED, v.token(), v.user(), null, null, false, limit.retryAfterSeconds());
            }
        }
        runtime.metrics().validation(v.outcome().reason());
        if (v.valid()) {
            runtime.lastUsed().used(v.token().id(), v.token().lastUsedAt(), v.token().lastUsedIps(), Time.currentTime(),
                    remoteAddr());
            if (event != null && entryPoint.validUseIsEvent) {
                PatEvents.validUse(event.get(), v.user(), v.token());
            }
        } else if (event != null && v.outcome() != Outcome.RATE_LIMITED) {
            long suppressed = 0;
            if (v.outcome().anonymous()) {
                suppressed = runtime.eventSampler().admit(realm.getId(), entryPoint.name() + '/' + v.outcome().name());
            }
            if (suppressed >= 0) {
                EventBuilder b = event.get();
                if (suppressed > 0) {
                    b.detail(PatEvents.SUPPRESSED, Long.toString(suppressed));
                }
                PatEvents.failedUse(b, v.token(), v.outcome().reason(), entryPoint.error);
            }
        }
        return v;
    }

    /** The client address as Keycloak's proxy settings see it, or null. */
    private String remoteAddr() {
        var connection = session.getContext().getConnection();
        return connection == null ? null : connection.getRemoteAddr();
    }

    /** Identification and live checks, with no entry point: no owner, no rate limit, no event, no metrics. */
    Validation validate(RealmModel realm, String presented) {
        if (!realm.isEnabled()) {
            return Validation.failed(Outcome.REALM_DISABLED, null);
        }
        Optional<PatToken> parsed = PatToken.parse(presented);
        if (parsed.isEmpty()) {
            return Validation.failed(Outcome.MALFORMED, null);
        }
        PatToken token = parsed.get();
        String digest = runtime.cache().digest(presented);
        PatRecord record = runtime.cache().get(digest);
        runtime.metrics().cache(record != null);
        if (record == null || !record.realmId().equals(realm.getId())) {
            String publicId = token.publicId();
            if (runtime.unknownIds().isUnknown(realm.getId(), publicId)) {
                return Validation.failed(Outcome.UNKNOWN, null);
            }
            // throttled: only the one string this node verified before gets past here (no bcrypt either way)
            boolean throttled = runtime.throttle().isThrottled(publicId);
            String vouched = throttled ? runtime.throttle().vouchedHash(publicId, digest) : null;
            if (throttled && vouched == null) {
                return Validation.failed(Outcome.THROTTLED, null);
            }
            Optional<PatRecord> stored = session.getProvider(PatStore.class).findByPublicId(realm.getId(), publicId);
            // exact comparison: a case-insensitive collation (MariaDB) finds kcpat_aBc… for kcpat_AbC…
            if (stored.isEmpty() || !stored.get().publicId().equals(publicId)) {
                runtime.unknownIds().unknown(realm.getId(), publicId);
                return Validation.failed(Outcome.UNKNOWN, null);
            }
            record = stored.get();
            if (vouched != null) {
                if (!vouched.equals(record.secretHash())) {
                    return Validation.failed(Outcome.THROTTLED, null);
                }
                runtime.cache().put(digest, record);
            } else {
                // one bcrypt per presented string at a time: concurrent first uses of one token wait for the check
                // in progress and take its result from the cache, instead of each using up a check of the throttle
                boolean checking = runtime.secretChecks().claim(digest);
                try {
                    PatRecord justVerified = checking ? null : runtime.cache().get(digest);
                    if (justVerified != null && justVerified.id().equals(record.id())) {
                        return validateLive(realm, justVerified);
                    }
                    Outcome refused = checkSecret(token, digest, record);
                    if (refused != null) {
                        return Validation.failed(refused, refused == Outcome.BAD_SECRET ? record : null);
                    }
                } finally {
                    if (checking) {
                        runtime.secretChecks().release(digest);
                    }
                }
            }
        }
        return validateLive(realm, record);
    }

    /**
     * bcrypt of the presented secret against the stored hash, counted by the throttle before it runs (atomically, so
     * concurrent wrong secrets cannot exceed the limit); a match is cached. Null when it passed, else why not.
     */
    private Outcome checkSecret(PatToken token, String digest, PatRecord record) {
        String publicId = token.publicId();
        if (!runtime.throttle().tryBegin(publicId)) {
            return Outcome.THROTTLED;
        }
        if (!SecretHasher.matches(token.secret(), record.secretHash())) {
            return Outcome.BAD_SECRET;
        }
        runtime.throttle().succeeded(publicId);
        runtime.throttle().verified(publicId, digest, record.secretHash());
        runtime.cache().put(digest, record);
        return null;
    }

    /**
     * Proves that the presented string is a stored token, for {@code POST /revoke} (whoever holds a leaked token
     * can kill it). Not blocked by the wrong-secret throttle of the other entry points: a flood for the id must not
     * turn a revoke into a silent no-op. Secret checks here have a budget of their own per id; once it is used up
     * the answer says to try later ({@link Revocation#tryLater()}), never "done".
     */
    public Revocation identifyForRevocation(RealmModel realm, String presented) {
        Optional<PatToken> parsed = PatToken.parse(presented);
        if (parsed.isEmpty()) {
            return new Revocation(null, 0);
        }
        String publicId = parsed.get().publicId();
        String digest = runtime.cache().digest(presented);
        Optional<PatRecord> stored = session.getProvider(PatStore.class).findByPublicId(realm.getId(), publicId);
        if (stored.isEmpty() || !stored.get().publicId().equals(publicId)) {
            return new Revocation(null, 0);
        }
        PatRecord record = stored.get();
        PatRecord cached = runtime.cache().get(digest);
        String vouched = runtime.throttle().vouchedHash(publicId, digest);
        if ((cached != null && cached.id().equals(record.id())) || record.secretHash().equals(vouched)) {
            return new Revocation(record, 0);
        }
        if (!runtime.revokeChecks().tryBegin(publicId)) {
            return new Revocation(null, 60);
        }
        if (!SecretHasher.matches(parsed.get().secret(), record.secretHash())) {
            runtime.throttle().recordFailure(publicId);
            return new Revocation(null, 0);
        }
        runtime.revokeChecks().succeeded(publicId);
        return new Revocation(record, 0);
    }

    /**
     * The live checks for a token already identified (e.g. by the pat_id claim of an exchanged JWT, or the
     * exchange's token post-processor): from the verified-token cache when this node verified it recently
     * (revocation and deletion evict it on every node), else from the store.
     */
    public Validation validateById(RealmModel realm, String tokenId) {
        if (!realm.isEnabled()) {
            return Validation.failed(Outcome.REALM_DISABLED, null);
        }
        PatRecord cached = runtime.cache().getById(tokenId);
        if (cached != null && cached.realmId().equals(realm.getId())) {
            return validateLive(realm, cached);
        }
        if (runtime.cache().isRevoked(tokenId)) {
            return Validation.failed(Outcome.UNKNOWN, null);
        }
        Optional<PatRecord> stored = session.getProvider(PatStore.class).findById(realm.getId(), tokenId);
        return stored.map(r -> validateLive(realm, r)).orElseGet(() -> Validation.failed(Outcome.UNKNOWN, null));
    }

    /**
     * A service account acts for its client: its tokens work only while the client exists, is enabled and has service
     * accounts on. (Deleting the client or switching service accounts off also deletes the service-account user in
     * Keycloak 26.7, and with it the tokens; this check does not depend on that.) Keycloak's cached client model.
     */
    static boolean serviceAccountUsable(RealmModel realm, UserModel user) {
        String clientId = user.getServiceAccountClientLink();
        if (clientId == null) {
            return true;
        }
        org.keycloak.models.ClientModel client = realm.getClientById(clientId);
        return client != null && client.isEnabled() && client.isServiceAccountsEnabled();
    }

    /** Realm, expiry, policy, user, not-before, team and roles, evaluated now. */
    public Validation validateLive(RealmModel realm, PatRecord record) {
        if (!realm.isEnabled()) {
            return Validation.failed(Outcome.REALM_DISABLED, record);
        }
        PatPolicy policy = runtime.policies().current(realm);
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
        if (!serviceAccountUsable(realm, user)) {
            return new Validation(Outcome.SERVICE_ACCOUNT_OFF, record, user, null, null, false);
        }
        // Keycloak's rule for its own tokens: nothing issued before the realm's or the user's not-before
        if (record.createdAt() < realm.getNotBefore() || record.createdAt() < session.users().getNotBeforeOfUser(realm, user)) {
            return new Validation(Outcome.NOT_BEFORE, record, user, null, null, false);
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
        boolean write = record.write() && (policy.writeRole() == null || policy.writeRole().isBlank() || all.has(policy.writeRole()));
        return new Validation(Outcome.VALID, record, user, team, all.narrowTo(record.roles()), write);
    }
}
