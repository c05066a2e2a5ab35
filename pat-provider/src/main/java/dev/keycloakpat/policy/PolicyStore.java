package dev.keycloakpat.policy;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes a realm's policy, kept as JSON ({@link PolicyJson}) in a realm attribute (cached with the realm).
 * A stored policy missing fields gets their defaults; one that cannot be read (an unknown field, a wrong type) is
 * logged and the defaults apply.
 */
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
     * (a policy change is a new text, so it is seen at once on every node).
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
            return PolicyJson.read(JsonSerialization.readValue(json, ObjectNode.class));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("Realm %s has an unreadable PAT policy; using defaults", realm.getName());
            return PatPolicy.defaults();
        }
    }

    public static void write(RealmModel realm, PatPolicy policy) {
        realm.setAttribute(ATTRIBUTE, PolicyJson.toJson(policy).toString());
    }
}
