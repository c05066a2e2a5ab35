package dev.keycloakpat.lifecycle;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.policy.PatPolicy;

/**
 * E-mails owners whose tokens enter the realm's reminder window ({@code notifyDaysBeforeExpiry}), once per token,
 * through Keycloak's e-mail sender and the {@code pat-expiry-reminder.ftl} templates. Owners without an e-mail
 * address (or disabled, or gone) are skipped and their token is not considered again. A failed send is retried
 * on the next run.
 */
final class ExpiryReminders {

    static final String TEMPLATE = "pat-expiry-reminder.ftl";
    static final String SUBJECT = "patExpiryReminderSubject";
    static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(ExpiryReminders.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PatPolicy policy;

    ExpiryReminders(KeycloakSession session, RealmModel realm, PatPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
    }

    void send(long now) {
        if (policy.notifyDaysBeforeExpiry() <= 0) {
            return;
        }
        if (realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            LOG.debugf("Realm %s has no SMTP server; no personal access token reminders", realm.getName());
            return;
        }
        PatStore store = session.getProvider(PatStore.class);
        List<PatRecord> due = store.findExpiringUnnotified(realm.getId(), now, Retention.remindUntil(now, policy), BATCH);
        for (PatRecord token : due) {
            UserModel user = session.users().getUserById(realm, token.userId());
            if (user == null || !user.isEnabled() || user.getEmail() == null || user.getEmail().isBlank()) {
                store.markNotified(token.id(), now);
                LOG.debugf("Skipped the expiry reminder of token %s: its owner has no e-mail address or is disabled",
                        token.displayPrefix());
                continue;
            }
            try {
                email(user, token, now);
                store.markNotified(token.id(), now);
            } catch (EmailException e) {
                LOG.warnf("Could not send the expiry reminder of token %s to user %s: %s; will retry",
                        token.displayPrefix(), user.getId(), e.getMessage());
            }
        }
    }

    private void email(UserModel user, PatRecord token, long now) throws EmailException {
        String days = String.valueOf(Retention.daysLeft(now, token.expiresAt()));
        String date = DATE.format(Instant.ofEpochSecond(token.expiresAt()));
        String url = accountUrl();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("tokenName", token.name());
        attributes.put("tokenPrefix", token.displayPrefix());
        attributes.put("daysLeft", days);
        attributes.put("expiresAt", date);
        attributes.put("accountUrl", url);
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                .send(SUBJECT, List.of(token.name(), token.displayPrefix(), days, date, url), TEMPLATE, attributes);
    }

    /**
     * The account console's token page. There is no HTTP request in a scheduled job, so the base URL is the realm's
     * frontend URL, else the server's {@code hostname} option when it is a URL.
     */
    String accountUrl() {
        String base = realm.getAttribute("frontendUrl");
        if (base == null || base.isBlank()) {
            String hostname = Config.scope("hostname", "v2").get("hostname");
            base = hostname != null && hostname.contains("://") ? hostname : hostname == null ? "" : "https://" + hostname;
        }
        return AccountLinks.tokensPage(base, realm.getName());
    }

    /** Link building without Keycloak types. */
    static final class AccountLinks {
        private AccountLinks() {
        }

        static String tokensPage(String base, String realmName) {
            String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            return trimmed + "/realms/" + URLEncoder.encode(realmName, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/account/personal-access-tokens";
        }
    }
}
