package dev.keycloakpat.cluster;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.keys.infinispan.PublicKeyStorageInvalidationEvent;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.runtime.PatMetrics;
import dev.keycloakpat.runtime.PatRuntime;
import dev.keycloakpat.runtime.RuntimeOptions;

/** Eviction messages from other nodes: federated user ids keep their colons; a revoke leaves a tombstone. */
class PatClusterEventsTest {

    private final PatRuntime runtime = new PatRuntime(RuntimeOptions.defaults(), System::currentTimeMillis,
            new PatMetrics(null, List.of()));

    private static PatRecord token(String id, String user) {
        return new PatRecord(id, "realm-1", user, "pub" + id, null, "n", null, null, false, null, 1, null, null, null);
    }

    @Test
    void aFederatedUserIdSurvivesTheMessage() {
        var cache = runtime.cache();
        cache.put("digest-fed", token("fed-token", "f:ldap-provider:1234"));
        cache.put("digest-local", token("local-token", "f"));
        PatClusterEvents.apply(runtime, PublicKeyStorageInvalidationEvent.create("user:realm-1:f:ldap-provider:1234"));
        assertNull(cache.get("digest-fed"), "the federated user's token is evicted");
        assertNotNull(cache.get("digest-local"), "a user whose id is a prefix of it is not");
    }

    @Test
    void aRevokeFromAnotherNodeLeavesATombstone() {
        var cache = runtime.cache();
        PatClusterEvents.apply(runtime, PublicKeyStorageInvalidationEvent.create("revoke:remote-token"));
        cache.put("digest-remote", token("remote-token", "u"));
        assertNull(cache.get("digest-remote"));
        assertTrue(cache.isRevoked("remote-token"));
    }
}
