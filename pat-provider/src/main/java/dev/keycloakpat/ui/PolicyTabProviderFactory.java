package dev.keycloakpat.ui;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyField;
import dev.keycloakpat.policy.PolicyFields;
import dev.keycloakpat.policy.PolicyForm;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.spi.StatelessProviderFactory;

/**
 * The "Personal access tokens" tab in the admin console's realm settings (Keycloak's declarative UI:
 * a {@link UiTabProvider} whose config properties the console renders as a form and saves as a realm component).
 * Saving goes through the same validation as the admin API; a refused value is a 400 with the reason and changes
 * nothing. The saved values become the realm policy.
 */
public class PolicyTabProviderFactory implements UiTabProviderFactory<ComponentModel>, UiTabProvider,
        StatelessProviderFactory<UiTabProvider> {

    public static final String ID = "personal-access-tokens";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "kcpatPolicyTabHelp";
    }

    /** Shown on every realm-settings page as an extra tab. */
    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", ID);
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        try {
            PolicyForm.apply(PolicyStore.read(realm), model.getConfig());
        } catch (Refusal e) {
            throw new ComponentValidationException(e.getMessage().replace("'", "''").replace("{", "'{'"));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PolicyStore.write(realm, PolicyForm.apply(PolicyStore.read(realm), model.getConfig()));
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        PolicyStore.write(realm, PolicyForm.apply(PolicyStore.read(realm), newModel.getConfig()));
    }

    /** The realm's saved tab, if an admin (or the admin API) ever saved the policy. */
    public static Optional<ComponentModel> tabOf(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> ID.equals(c.getProviderId())).findFirst();
    }

    /** One property per row of the policy's field table, labelled with the theme's messages. */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PolicyFields.ALL.stream().map(PolicyTabProviderFactory::property).toList();
    }

    static ProviderConfigProperty property(PolicyField field) {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(field.name());
        p.setLabel(field.messageKey());
        p.setHelpText(field.helpKey());
        List<String> defaults = PolicyForm.toForm(PatPolicy.defaults()).get(field.name());
        switch (field.type()) {
            case NUMBER -> p.setType(ProviderConfigProperty.INTEGER_TYPE);
            case SWITCH -> p.setType(ProviderConfigProperty.BOOLEAN_TYPE);
            case TEXT -> p.setType(ProviderConfigProperty.STRING_TYPE);
            case CHOICE -> {
                p.setType(ProviderConfigProperty.LIST_TYPE);
                p.setOptions(field.options());
            }
            case NUMBERS, TEXTS -> p.setType(ProviderConfigProperty.MULTIVALUED_STRING_TYPE);
        }
        if (p.getType().equals(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)) {
            p.setDefaultValue(defaults.isEmpty() ? null : defaults);
        } else if (!defaults.isEmpty()) {
            p.setDefaultValue(defaults.get(0));
        }
        return p;
    }

    /** Both the factory and its provider: one close for both, nothing to release. */
    @Override
    public void close() {
    }
}
