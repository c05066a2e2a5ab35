package dev.keycloakpat.policy;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/** Reads and writes a realm's policy, kept as JSON in a realm attribute (cached with the realm). */
public final class PolicyStore {

    public static final String ATTRIBUTE = "kcpat.policy";
    private static final Logger LOG = Logger.getLogger(PolicyStore.class);

    /** The last parsed policy per realm id, with the attribute text it was parsed from. */
    private record Parsed(String json, PatPolicy policy) {
    }

    private static final int MAX_CACHED_REALMS = 10_000;
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private PolicyStore() {
    }

    /**
     * The realm's policy for reading on the validation hot path: parsed once per distinct attribute text
     * (a policy change is a new text, so it is seen at once on every node). The instance is shared:
     * never modify it; use {@link #read(RealmModel)} for a private copy.
     */
    public static PatPolicy current(RealmModel realm) {
        String json = realm.getAttribute(ATTRIBUTE);
        if (json == null || json.isBlank()) {
            return DEFAULTS;
        }
        Parsed parsed = PARSED.get(realm.getId());
        if (parsed != null && parsed.json.equals(json)) {
            return parsed.policy;
        }
        PatPolicy policy = read(realm);
        if (PARSED.size() >= MAX_CACHED_REALMS) {
            PARSED.clear();
        }
        PARSED.put(realm.getId(), new Parsed(json, policy));
        return policy;
    }

    private static final PatPolicy DEFAULTS = PatPolicy.defaults();

    public static PatPolicy read(RealmModel realm) {
        String json = realm.getAttribute(ATTRIBUTE);
        if (json == null || json.isBlank()) {
            return PatPolicy.defaults();
        }
        try {
            return JsonSerialization.readValue(json, PatPolicy.class);
        } catch (IOException e) {
            LOG.warnf("Realm %s has an unreadable PAT policy; using defaults", realm.getName());
            return PatPolicy.defaults();
        }
    }

    public static void write(RealmModel realm, PatPolicy policy) {
        try {
            realm.setAttribute(ATTRIBUTE, JsonSerialization.writeValueAsString(policy));
        } catch (IOException e) {
            throw new IllegalStateException("Could not write PAT policy", e);
        }
    }
}
