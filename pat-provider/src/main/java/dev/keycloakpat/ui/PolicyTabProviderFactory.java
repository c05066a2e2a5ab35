package dev.keycloakpat.ui;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyForm;
import dev.keycloakpat.policy.PolicyStore;
import dev.keycloakpat.refusal.Refusal;

/**
 * The "Personal access tokens" tab in the admin console's realm settings (Keycloak's declarative UI:
 * a {@link UiTabProvider} whose config properties the console renders as a form and saves as a realm component).
 * Saving goes through the same validation as the admin API; a refused value is a 400 with the reason and changes
 * nothing. The saved values become the realm policy.
 */
public class PolicyTabProviderFactory implements UiTabProviderFactory<ComponentModel>, UiTabProvider {

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

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        PatPolicy d = PatPolicy.defaults();
        return ProviderConfigurationBuilder.create()
                .property().name("expirationDays").label("kcpatExpirationDays").helpText("kcpatExpirationDaysHelp")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .defaultValue(d.expirationDays.stream().map(String::valueOf).toList()).add()
                .property().name("allowNoExpiration").label("kcpatAllowNoExpiration").helpText("kcpatAllowNoExpirationHelp")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(d.allowNoExpiration)).add()
                .property().name("maxLifetimeDays").label("kcpatMaxLifetimeDays").helpText("kcpatMaxLifetimeDaysHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.maxLifetimeDays)).add()
                .property().name("maxTokensPerUser").label("kcpatMaxTokensPerUser").helpText("kcpatMaxTokensPerUserHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.maxTokensPerUser)).add()
                .property().name("writeAllowed").label("kcpatWriteAllowed").helpText("kcpatWriteAllowedHelp")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(String.valueOf(d.writeAllowed)).add()
                .property().name("writeRole").label("kcpatWriteRole").helpText("kcpatWriteRoleHelp")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name("teamSource").label("kcpatTeamSource").helpText("kcpatTeamSourceHelp")
                .type(ProviderConfigProperty.LIST_TYPE).defaultValue(d.teamSource)
                .options(PatPolicy.TEAM_SOURCE_GROUPS, PatPolicy.TEAM_SOURCE_ORGANIZATIONS, PatPolicy.TEAM_SOURCE_NONE).add()
                .property().name("teamParentGroup").label("kcpatTeamParentGroup").helpText("kcpatTeamParentGroupHelp")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name("notifyDaysBeforeExpiry").label("kcpatNotifyDaysBeforeExpiry").helpText("kcpatNotifyDaysBeforeExpiryHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.notifyDaysBeforeExpiry)).add()
                .property().name("expiredRetentionDays").label("kcpatExpiredRetentionDays").helpText("kcpatExpiredRetentionDaysHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.expiredRetentionDays)).add()
                .property().name("introspectionClients").label("kcpatIntrospectionClients").helpText("kcpatIntrospectionClientsHelp")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
                .property().name("rateLimitPerMinute").label("kcpatRateLimitPerMinute").helpText("kcpatRateLimitPerMinuteHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.rateLimitPerMinute)).add()
                .property().name("rateLimitBurst").label("kcpatRateLimitBurst").helpText("kcpatRateLimitBurstHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.rateLimitBurst)).add()
                .property().name("maxAuthAgeSeconds").label("kcpatMaxAuthAgeSeconds").helpText("kcpatMaxAuthAgeSecondsHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.maxAuthAgeSeconds)).add()
                .property().name("bcryptCost").label("kcpatBcryptCost").helpText("kcpatBcryptCostHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(String.valueOf(d.bcryptCost)).add()
                .build();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
