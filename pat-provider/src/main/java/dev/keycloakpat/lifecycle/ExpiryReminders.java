package dev.keycloakpat.lifecycle;

import java.util.List;
import java.util.Map;

import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.notice.OwnerMail;
import dev.keycloakpat.policy.PatPolicy;

/**
 * E-mails owners whose tokens enter the realm's reminder window ({@code notifyDaysBeforeExpiry}), once per token,
 * through Keycloak's e-mail sender and the {@code pat-expiry-reminder.ftl} templates, with a link that opens the
 * token's Regenerate action in the account console. Owners without an e-mail address (or disabled, or gone) are
 * skipped and their token is not considered again. A failed send is retried on the next run.
 */
record ExpiryReminders(KeycloakSession session, RealmModel realm, PatPolicy policy) {

    static final String TEMPLATE = "pat-expiry-reminder.ftl";
    static final String SUBJECT = "patExpiryReminderSubject";
    static final int BATCH = 200;

    void send(long now) {
        if (policy.notifyDaysBeforeExpiry() <= 0 || !Reminders.canMail(realm)) {
            return;
        }
        PatStore store = session.getProvider(PatStore.class);
        Reminders.remind(session, realm, store.findExpiringUnnotified(realm.getId(), now, Retention.remindUntil(now, policy), BATCH),
                "expiry reminder", (owner, token) -> email(owner, token, now), id -> store.markNotified(id, now));
    }

    private void email(UserModel owner, PatRecord token, long now) throws EmailException {
        String days = String.valueOf(Retention.daysLeft(now, token.expiresAt()));
        String date = OwnerMail.date(token.expiresAt());
        String url = OwnerMail.regeneratePage(OwnerMail.jobBase(realm), realm.getName(), token.id());
        OwnerMail.send(session, realm, owner, TEMPLATE, SUBJECT, List.of(token.name(), token.displayPrefix(), days, date, url),
                Map.of("tokenName", token.name(), "tokenPrefix", token.displayPrefix(), "daysLeft", days,
                        "expiresAt", date, "accountUrl", url));
    }
}
