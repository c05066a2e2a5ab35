package dev.keycloakpat.service;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.keycloakpat.cluster.PatClusterEvents;
import dev.keycloakpat.events.PatEvents.RevokedBy;
import dev.keycloakpat.events.PatEvents;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.roles.LiveRoles;
import dev.keycloakpat.runtime.CreationRateLimiter;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.team.Team;
import dev.keycloakpat.team.Teams;
import dev.keycloakpat.token.PatToken;
import dev.keycloakpat.token.SecretHasher;

/** What users and admins do with tokens: create, list, revoke. REST resources are thin wrappers over it. */
public final class TokenService {

    /** A created token and its plaintext, which leaves the server only in the creation response. */
    public record Created(PatRecord record, String plaintext) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public TokenService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    private PatStore store() {
        return session.getProvider(PatStore.class);
    }

    public PatPolicy policy() {
        return PolicyStore.read(realm);
    }

    public Teams teams(PatPolicy policy) {
        return Teams.of(session, realm, policy);
    }

    /** The user's tokens, without rotated-away ones past their grace (dead, kept only to recognise reuse). */
    public List<PatRecord> list(UserModel user) {
        long now = Time.currentTime();
        return store().listByUser(realm.getId(), user.getId()).stream().filter(t -> !t.isSuperseded(now)).toList();
    }

    public Optional<PatRecord> find(UserModel user, String id) {
        long now = Time.currentTime();
        return store().findById(realm.getId(), id)
                .filter(t -> t.userId().equals(user.getId()) && !t.isSuperseded(now));
    }

    /** Whether the user may create write tokens now. */
    public boolean writeAllowed(PatPolicy policy, UserModel user, LiveRoles roles) {
        return policy.writeAllowed() && (policy.writeRole() == null || policy.writeRole().isBlank() || roles.has(policy.writeRole()));
    }

    public Created create(UserModel user, CreateRequest request) {
        return create(user, request, null);
    }

    /**
     * Creates a token for {@code user}. With an {@code actor} (an admin creating a service account's token) the same
     * rules apply to the service account (its teams, its live roles, the policy), and errors name it instead of "you".
     */
    public Created create(UserModel user, CreateRequest request, UserModel actor) {
        boolean forOther = actor != null && !actor.getId().equals(user.getId());
        String subject = forOther ? "The service account" : "You";
        String isNot = forOther ? "is not" : "are not";
        String holds = forOther ? "does not hold" : "do not hold";
        String may = forOther ? "may not have" : "may not create";
        PatPolicy policy = policy();
        long now = Time.currentTime();
        Set<String> liveNames = list(user).stream().filter(t -> !t.isExpired(now)).map(PatRecord::name).collect(Collectors.toSet());
        String name = CreateRules.checkName(request.name(), liveNames);

        Teams teams = teams(policy);
        Team team = null;
        if (teams.enabled()) {
            if (request.teamId() == null || request.teamId().isBlank()) {
                throw Refusal.invalid("invalid_team", "Choose the team this token is for (teamId).");
            }
            team = teams.teamsOf(user).stream().filter(t -> t.id().equals(request.teamId())).findFirst()
                    .orElseThrow(() -> Refusal.invalid("invalid_team", subject + " " + isNot + " a member of that team."));
        } else if (request.teamId() != null) {
            throw Refusal.invalid("invalid_team", "This realm does not use teams; leave teamId out.");
        }

        Long expiresAt = CreateRules.expiresAt(request.expirationDays(), request.expiresAt(), policy, now);

        LiveRoles roles = LiveRoles.of(user);
        if (request.write() && !writeAllowed(policy, user, roles)) {
            throw Refusal.invalid("write_not_allowed", subject + " " + may + " tokens with write access.");
        }
        if (request.roles() != null) {
            for (String role : request.roles()) {
                if (!roles.has(role)) {
                    throw Refusal.invalid("invalid_role",
                            subject + " " + holds + " the role '" + Refusal.printable(role) + "'.");
                }
            }
        }

        // the bcrypt hash below is the expensive part: a user gets a few a minute (per node)
        int perMinute = CreationRateLimiter.perMinute(policy.bcryptCost());
        long wait = PatRuntime.of(session).creationLimiter().acquire(realm.getId() + ":" + user.getId(), perMinute);
        if (wait > 0) {
            throw new CreationRefused(perMinute, wait);
        }
        PatToken token = PatToken.generate();
        String hash = SecretHasher.hash(token.secret(), policy.bcryptCost());
        PatRecord record = new PatRecord(KeycloakModelUtils.generateId(), realm.getId(), user.getId(), token.publicId(),
                hash, name, team == null ? null : team.id(), team == null ? null : team.kind(), request.write(),
                request.roles() == null ? null : List.copyOf(request.roles()), now, expiresAt, null, null);

        insertWithinLimit(record, policy.maxTokensPerUser());
        PatEvents.created(session, realm, user, record, actor);
        return new Created(record, token.encode());
    }

    /**
     * Counts and inserts in a transaction of its own that first locks the owner in the database
     * ({@link PatStore#lockOwner}), so concurrent creations on any node of a cluster can never exceed the
     * limit or duplicate a name; a node-local lock in front keeps this node's threads from queueing in the database.
     */
    private void insertWithinLimit(PatRecord record, int max) {
        ReentrantLock lock = PatRuntime.of(session).creationLock(record.userId());
        lock.lock();
        try {
            String realmId = realm.getId();
            inOwnerTransaction(record.userId(), store -> {
                long now = Time.currentTime();
                List<PatRecord> existing = store.listByUser(realmId, record.userId());
                Set<String> names = new HashSet<>();
                existing.stream().filter(t -> !t.isExpired(now) && !t.isSuperseded(now)).forEach(t -> names.add(t.name()));
                if (names.contains(record.name())) {
                    throw Refusal.invalid("duplicate_name", "You already have a token named '" + record.name() + "'.");
                }
                if (store.countLive(realmId, record.userId(), now) >= max) {
                    throw Refusal.invalid("too_many_tokens",
                            "You have reached the limit of " + max + " tokens. Revoke one first.");
                }
                store.add(record);
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in a transaction of its own whose first statement locks the owner's row
     * ({@link PatStore#lockOwner}), so what it reads next includes what a concurrent creation or rotation of the same
     * owner committed on any node, and two such transactions for one owner never interleave.
     */
    private void inOwnerTransaction(String userId, Consumer<PatStore> work) {
        String realmId = realm.getId();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            PatStore store = s.getProvider(PatStore.class);
            store.lockOwner(realmId, userId);
            s.getContext().setRealm(s.realms().getRealm(realmId));
            work.accept(store);
        });
    }

    /**
     * Deletes a token; every node forgets it. Final even while the token is in use: a tombstone is set on every node
     * before the row is deleted (so a validation that read the row just before cannot cache it again), and the
     * eviction is repeated after the commit. See {@link PatClusterEvents#revokeToken}.
     */
    public boolean revoke(PatRecord token, RevokedBy by, UserModel actor) {
        PatClusterEvents.revokeToken(session, token.id());
        boolean deleted = store().delete(realm.getId(), token.id());
        if (deleted) {
            PatEvents.revoked(session, realm, token, by, actor);
        }
        return deleted;
    }

    /**
     * Rotates {@code old} (docs/api.md, "Rotation and self"): a new token with the same name, team, write flag and
     * roles, its expiry the same length from now (capped by the policy), {@code rotatedFrom} the old id. The old row is
     * kept, marked ({@code rotatedTo}, {@code supersededAt} = now + grace), so that it is refused after the grace on
     * every node (the instant is in the row, checked by {@code ValidityRules} on every use) and a later use is
     * recognised as reuse. Grace 0: a cluster-wide tombstone is set before the row changes, like {@link #revoke}.
     */
    public Created rotate(UserModel user, PatRecord old, long graceSeconds, UserModel actor) {
        PatPolicy policy = policy();
        if (graceSeconds < 0 || graceSeconds > policy.rotationGraceMaxSeconds()) {
            throw Refusal.invalid("invalid_grace", "graceSeconds must be between 0 and "
                    + policy.rotationGraceMaxSeconds() + " (the realm's rotationGraceMaxSeconds).");
        }
        long now = Time.currentTime();
        if (old.rotatedTo() != null) {
            throw Refusal.invalid("already_rotated", "This token was already rotated; rotate its successor.");
        }
        Teams teams = teams(policy);
        if (old.teamId() != null && (!teams.enabled() || !teams.isMember(user, old.teamId()))) {
            throw Refusal.invalid("invalid_team", "You are no longer a member of this token's team.");
        }
        LiveRoles roles = LiveRoles.of(user);
        if (old.write() && !writeAllowed(policy, user, roles)) {
            throw Refusal.invalid("write_not_allowed", "You may not create tokens with write access.");
        }
        if (old.roles() != null) {
            for (String role : old.roles()) {
                if (!roles.has(role)) {
                    throw Refusal.invalid("invalid_role",
                            "You do not hold the role '" + Refusal.printable(role) + "' any more.");
                }
            }
        }
        Long expiresAt = null;
        long maxLifetime = policy.maxLifetimeDays() * PatPolicy.DAY_SECONDS;
        if (old.expiresAt() != null) {
            expiresAt = now + Math.min(Math.max(old.expiresAt() - old.createdAt(), 0), maxLifetime);
        } else if (!policy.allowNoExpiration()) {
            expiresAt = now + maxLifetime;
        }
        PatToken token = PatToken.generate();
        String hash = SecretHasher.hash(token.secret(), policy.bcryptCost());
        PatRecord record = new PatRecord(KeycloakModelUtils.generateId(), realm.getId(), user.getId(), token.publicId(),
                hash, old.name(), old.teamId(), old.teamKind(), old.write(), old.roles(), now, expiresAt, null, null,
                old.id(), null, null);
        long supersededAt = now + graceSeconds;
        if (graceSeconds == 0) {
            // the same finality as a revoke: tombstone everywhere before the row changes
            PatClusterEvents.revokeToken(session, old.id());
        }
        String realmId = realm.getId();
        inOwnerTransaction(record.userId(), store -> {
            PatRecord current = store.findById(realmId, old.id()).orElseThrow(Refusal::notFound);
            if (current.rotatedTo() != null || current.isSuperseded(Time.currentTime())) {
                throw Refusal.invalid("already_rotated", "This token was already rotated; rotate its successor.");
            }
            if (!store.markRotated(old.id(), record.id(), supersededAt)) {
                throw Refusal.invalid("already_rotated", "This token was already rotated; rotate its successor.");
            }
            store.add(record);
        });
        // committed: every node drops what it cached of the old row, also a copy read just before the commit that
        // a validation caches after this message arrives, and reads the marked row on the next use
        PatClusterEvents.rotated(session, old.id());
        PatEvents.created(session, realm, user, record, actor);
        if (graceSeconds == 0) {
            PatEvents.revoked(session, realm, old, RevokedBy.ROTATION, actor);
        }
        return new Created(record, token.encode());
    }

    /**
     * A rotated-away token was presented, with its secret, after its grace: it leaked, so everything rotated from it
     * is revoked (the whole chain), each with {@code reason=rotated_token_reused}. Runs in a transaction of its own,
     * so a refused request that rolls back its own transaction does not undo it. Returns how many were revoked.
     */
    public static int revokeSuccessors(KeycloakSession session, RealmModel realm, PatRecord reused) {
        if (reused.rotatedTo() == null) {
            return 0;
        }
        String realmId = realm.getId();
        int[] revoked = {0};
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            TokenService service = new TokenService(s, r);
            Set<String> seen = new HashSet<>();
            String next = reused.rotatedTo();
            while (next != null && seen.add(next)) {
                Optional<PatRecord> successor = service.store().findById(realmId, next);
                if (successor.isEmpty()) {
                    break;
                }
                next = successor.get().rotatedTo();
                if (service.revoke(successor.get(), RevokedBy.ROTATED_TOKEN_REUSED, null)) {
                    revoked[0]++;
                }
            }
        });
        return revoked[0];
    }
}
