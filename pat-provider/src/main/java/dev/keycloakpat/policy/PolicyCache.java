package dev.keycloakpat.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.RealmModel;

/**
 * The last parsed policy per realm, with the attribute text it was parsed from: a realm's policy is parsed once per
 * distinct text (a policy change is a new text, so it is seen at once on every node). One per node, held by the
 * node runtime. Bounded: past {@value #MAX_CACHED_REALMS} realms the memory is cleared.
 */
public final class PolicyCache {

    private record Parsed(String json, PatPolicy policy) {
    }

    private static final int MAX_CACHED_REALMS = 10_000;
    private static final PatPolicy DEFAULTS = PatPolicy.defaults();

    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    /**
     * The realm's policy for reading on the validation hot path. The instance is shared: never modify it; use
     * {@link PolicyStore#read(RealmModel)} for a private copy.
     */
    public PatPolicy current(RealmModel realm) {
        String json = realm.getAttribute(PolicyStore.ATTRIBUTE);
        if (json == null || json.isBlank()) {
            return DEFAULTS;
        }
        Parsed last = parsed.get(realm.getId());
        if (last != null && last.json.equals(json)) {
            return last.policy;
        }
        PatPolicy policy = PolicyStore.read(realm);
        if (parsed.size() >= MAX_CACHED_REALMS) {
            parsed.clear();
        }
        parsed.put(realm.getId(), new Parsed(json, policy));
        return policy;
    }
}
