package dev.keycloakpat.rest.admin;

import java.util.Optional;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyForm;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.ui.PolicyTabProviderFactory;

/**
 * Saves a validated policy: the realm attribute is the source of truth; the admin console's policy tab (a component
 * of the realm) is kept showing the same values when the admin-console extension is enabled.
 */
public final class PolicyAdmin {

    private PolicyAdmin() {
    }

    public static void save(KeycloakSession session, RealmModel realm, PatPolicy policy) {
        PolicyStore.write(realm, policy);
        syncTab(session, realm, policy);
    }

    /** Creates or updates the realm's policy-tab component so the console shows what is in force. */
    static void syncTab(KeycloakSession session, RealmModel realm, PatPolicy policy) {
        if (session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, PolicyTabProviderFactory.ID) == null) {
            return;
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        PolicyForm.toForm(policy).forEach(config::put);
        Optional<ComponentModel> tab = PolicyTabProviderFactory.tabOf(realm);
        if (tab.isPresent()) {
            ComponentModel model = tab.get();
            if (!config.equals(model.getConfig())) {
                model.setConfig(config);
                realm.updateComponent(model);
            }
        } else {
            ComponentModel model = new ComponentModel();
            model.setName(PolicyTabProviderFactory.ID);
            model.setProviderId(PolicyTabProviderFactory.ID);
            model.setProviderType(UiTabProvider.class.getName());
            model.setParentId(realm.getId());
            model.setConfig(config);
            realm.addComponentModel(model);
        }
    }
}
