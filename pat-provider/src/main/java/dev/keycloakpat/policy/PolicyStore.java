package dev.keycloakpat.policy;

import java.io.IOException;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/** Reads and writes a realm's policy, kept as JSON in a realm attribute (cached with the realm). */
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
