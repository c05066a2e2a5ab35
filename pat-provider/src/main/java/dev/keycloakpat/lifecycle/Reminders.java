package dev.keycloakpat.lifecycle;

import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.notice.OwnerMail;

/**
 * What the maintenance job's reminders (expiry, unused) share: a realm without an SMTP server sends none; each due
 * token's owner is mailed once, the token marked as reminded; owners gone, disabled or without an e-mail address are
 * skipped and their token marked all the same; a failed send leaves the token unmarked, retried on the next run.
 */
final class Reminders {

    /** Sends one reminder. */
    interface Mail {
        void send(UserModel owner, PatRecord token) throws EmailException;
    }

    private static final Logger LOG = Logger.getLogger(Reminders.class);

    private Reminders() {
    }

    static boolean canMail(RealmModel realm) {
        if (!OwnerMail.smtpConfigured(realm)) {
            LOG.debugf("Realm %s has no SMTP server; no personal access token reminders", realm.getName());
            return false;
        }
        return true;
    }

    /** Reminds the owner of each of {@code due} by {@code mail}, marking each token reminded by {@code mark}. */
    static void remind(KeycloakSession session, RealmModel realm, List<PatRecord> due, String what, Mail mail,
                       Consumer<String> mark) {
        for (PatRecord token : due) {
            UserModel owner = OwnerMail.addressee(session, realm, token.userId());
            if (owner == null || !owner.isEnabled()) {
                LOG.debugf("Skipped the %s of token %s: its owner has no e-mail address or is disabled", what,
                        token.displayPrefix());
                mark.accept(token.id());
                continue;
            }
            try {
                mail.send(owner, token);
                mark.accept(token.id());
            } catch (EmailException e) {
                LOG.warnf("Could not send the %s of token %s to user %s: %s; will retry", what, token.displayPrefix(),
                        owner.getId(), e.getMessage());
            }
        }
    }
}
