package dev.keycloakpat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

/** The hot path reads the realm policy without parsing JSON on every validation, yet sees every change. */
class PolicyStoreTest {

    private final PolicyCache policies = new PolicyCache();

    /** A RealmModel with only an id and attributes (the only parts PolicyStore and PolicyCache use). */
    private static RealmModel realm(String id, Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(PolicyStoreTest.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getName" -> id;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], String.valueOf(args[1]));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void currentPolicyIsParsedOnceAndReparsedWhenTheAttributeChanges() {
        Map<String, String> attributes = new HashMap<>();
        RealmModel realm = realm("policy-store-test-1", attributes);
        PatPolicy policy = PatPolicy.defaults();
        policy = policy.with("maxTokensPerUser", 7);
        PolicyStore.write(realm, policy);

        PatPolicy first = policies.current(realm);
        assertEquals(7, first.maxTokensPerUser());
        assertSame(first, policies.current(realm), "same attribute text: no new parse");

        policy = policy.with("maxTokensPerUser", 8);
        PolicyStore.write(realm, policy);
        PatPolicy changed = policies.current(realm);
        assertEquals(8, changed.maxTokensPerUser(), "a changed policy is seen at once");
        assertNotSame(first, changed);
    }

    @Test
    void realmsDoNotShareACachedPolicy() {
        RealmModel a = realm("policy-store-test-a", new HashMap<>());
        RealmModel b = realm("policy-store-test-b", new HashMap<>());
        PatPolicy pa = PatPolicy.defaults();
        pa = pa.with("teamSource", PatPolicy.TEAM_SOURCE_NONE);
        PolicyStore.write(a, pa);
        PolicyStore.write(b, PatPolicy.defaults());
        assertEquals(PatPolicy.TEAM_SOURCE_NONE, policies.current(a).teamSource());
        assertEquals(PatPolicy.TEAM_SOURCE_GROUPS, policies.current(b).teamSource());
    }

    @Test
    void anUnreadableStoredPolicyMeansTheDefaults() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(PolicyStore.ATTRIBUTE, "{\"maxTokensPerUser\":5,\"noSuchField\":1}");
        assertEquals(PatPolicy.defaults(), PolicyStore.read(realm("policy-store-test-2", attributes)));
        attributes.put(PolicyStore.ATTRIBUTE, "{\"maxTokensPerUser\":5}");
        assertEquals(5, PolicyStore.read(realm("policy-store-test-2", attributes)).maxTokensPerUser());
    }
}
