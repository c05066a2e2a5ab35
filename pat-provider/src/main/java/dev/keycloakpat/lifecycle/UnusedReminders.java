package dev.keycloakpat.lifecycle;

import java.util.ArrayList;
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
import dev.keycloakpat.runtime.PatRuntime;

/**
 * When the realm revokes unused tokens ({@code unusedRevokeDays}) and reminders are on ({@code notifyDaysBeforeExpiry}
 * above 0), e-mails owners a week before a token would be revoked for being unused ({@code pat-unused-reminder.ftl}),
 * once per period of non-use: the token is marked with the time of the reminder, and a use after it makes a later
 * period remind again. Tokens that expire before they would be revoked, and owners without an e-mail address (or
 * disabled), are marked without a mail. A failed send is retried on the next run.
 */
record UnusedReminders(KeycloakSession session, RealmModel realm, PatPolicy policy) {

    static final String TEMPLATE = "pat-unused-reminder.ftl";
    static final String SUBJECT = "patUnusedReminderSubject";

    void send(long now) {
        Long before = Retention.unusedRemindBefore(now, policy);
        if (before == null || policy.notifyDaysBeforeExpiry() <= 0 || !Reminders.canMail(realm)) {
            return;
        }
        PatStore store = session.getProvider(PatStore.class);
        List<PatRecord> due = new ArrayList<>();
        for (PatRecord token : store.findUnusedUnreminded(realm.getId(), before, ExpiryReminders.BATCH)) {
            long lastActivity = lastActivity(token);
            long revokeAt = Retention.unusedRevokeAt(lastActivity, policy);
            if (lastActivity >= before || revokeAt <= now) {
                continue; // used meanwhile on this node (not written yet): not due; or due for revocation instead
            }
            if (token.isExpired(revokeAt)) {
                store.markUnusedNotified(token.id(), now); // expires first: the expiry reminder covers it
            } else {
                due.add(token);
            }
        }
        Reminders.remind(session, realm, due, "unused-token reminder", this::email, id -> store.markUnusedNotified(id, now));
    }

    /** The last use known (a use still pending on this node counts), else the creation. */
    private long lastActivity(PatRecord token) {
        Long lastUse = PatRuntime.of(session).lastUsed().lastUsedAt(token);
        return lastUse == null ? token.createdAt() : lastUse;
    }

    private void email(UserModel owner, PatRecord token) throws EmailException {
        long revokeAt = Retention.unusedRevokeAt(lastActivity(token), policy);
        String days = String.valueOf(policy.unusedRevokeDays());
        String date = OwnerMail.date(revokeAt);
        String url = OwnerMail.tokensPage(OwnerMail.jobBase(realm), realm.getName());
        OwnerMail.send(session, realm, owner, TEMPLATE, SUBJECT,
                List.of(token.name(), token.displayPrefix(), days, date, url),
                Map.of("tokenName", token.name(), "tokenPrefix", token.displayPrefix(), "unusedDays", days,
                        "revokeAt", date, "accountUrl", url));
    }
}
