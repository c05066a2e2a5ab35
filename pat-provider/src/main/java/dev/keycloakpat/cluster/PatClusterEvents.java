package dev.keycloakpat.cluster;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterEvent;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.keys.infinispan.PublicKeyStorageInvalidationEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

import dev.keycloakpat.runtime.PatRuntime;

/**
 * Evicts verified-token cache entries on every node through Keycloak's own cluster notifications.
 * The payload is a string key carried by a Keycloak event type that already has a cluster marshaller
 * ({@link PublicKeyStorageInvalidationEvent}); it is sent under our own task key, so only our listener sees it.
 */
public final class PatClusterEvents {

    public static final String TASK_KEY = "keycloak-pat-evict";
    private static final Logger LOG = Logger.getLogger(PatClusterEvents.class);

    private PatClusterEvents() {
    }

    public static void evictToken(KeycloakSession session, String tokenId) {
        PatRuntime runtime = PatRuntime.of(session);
        runtime.cache().evictToken(tokenId);
        runtime.lastUsed().forget(tokenId);
        send(session, "token:" + tokenId);
    }

    /**
     * A token is being revoked in this session's transaction: a tombstone for it on this node and, by a cluster
     * message, on every other node, now (before the delete commits, so validations in flight anywhere cannot cache it
     * again); after the commit the eviction is repeated everywhere; after a rollback this node lifts its tombstone.
     */
    public static void revokeToken(KeycloakSession session, String tokenId) {
        PatRuntime runtime = PatRuntime.of(session);
        runtime.cache().revoke(tokenId);
        runtime.lastUsed().forget(tokenId);
        send(session, "revoke:" + tokenId);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                runtime.cache().revoke(tokenId);
                send(session, "revoke:" + tokenId);
            }

            @Override
            protected void rollbackImpl() {
                runtime.cache().unrevoke(tokenId);
            }
        });
    }

    /**
     * A token was rotated away (the change committed): every node drops what it cached of the row from before the
     * rotation, and keeps dropping it for the cache TTL, so a validation that read the old row just before the commit
     * cannot keep it cached unmarked (see {@code VerifiedTokenCache#rotated}).
     */
    public static void rotated(KeycloakSession session, String tokenId) {
        PatRuntime.of(session).cache().rotated(tokenId);
        send(session, "rotated:" + tokenId);
    }

    public static void evictUser(KeycloakSession session, String realmId, String userId) {
        PatRuntime.of(session).cache().evictUser(realmId, userId);
        send(session, "user:" + realmId + ":" + userId);
    }

    public static void evictRealm(KeycloakSession session, String realmId) {
        PatRuntime.of(session).cache().evictRealm(realmId);
        send(session, "realm:" + realmId);
    }

    private static void send(KeycloakSession session, String key) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster != null) {
            cluster.notify(TASK_KEY, PublicKeyStorageInvalidationEvent.create(key), true);
        }
    }

    /** Registers the listener that applies evictions sent by other nodes to this node's runtime. */
    public static void listen(KeycloakSession session, PatRuntime runtime) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster == null) {
            return;
        }
        cluster.registerListener(TASK_KEY, event -> apply(runtime, event));
    }

    static void apply(PatRuntime runtime, ClusterEvent event) {
        if (!(event instanceof PublicKeyStorageInvalidationEvent e)) {
            return;
        }
        String key = e.getCacheKey();
        // at most three parts: a federated user id (f:<provider>:<id>) keeps its own colons
        String[] parts = key.split(":", 3);
        switch (parts[0]) {
            case "token" -> {
                runtime.cache().evictToken(parts[1]);
                runtime.lastUsed().forget(parts[1]);
            }
            case "revoke" -> {
                runtime.cache().revoke(parts[1]);
                runtime.lastUsed().forget(parts[1]);
            }
            case "rotated" -> runtime.cache().rotated(parts[1]);
            case "user" -> runtime.cache().evictUser(parts[1], parts[2]);
            case "realm" -> runtime.cache().evictRealm(parts[1]);
            default -> LOG.debugf("Ignoring unknown eviction %s", key);
        }
    }
}
