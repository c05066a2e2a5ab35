package dev.keycloakpat.policy;

import java.io.IOException;

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

    private PolicyStore() {
    }

    /** A private copy of the realm's policy (for reading on a hot path, see {@link PolicyCache}). */
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
