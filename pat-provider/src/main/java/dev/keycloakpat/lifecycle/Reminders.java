package dev.keycloakpat.lifecycle;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.notice.OwnerMail;

/** What the maintenance job's reminders (expiry, unused) share: whether a realm can mail, and to whom. */
final class Reminders {

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

    /** The token's owner to remind, or null when they are gone, disabled or have no e-mail address. */
    static UserModel recipient(KeycloakSession session, RealmModel realm, PatRecord token) {
        UserModel owner = OwnerMail.addressee(session, realm, token.userId());
        if (owner == null || !owner.isEnabled()) {
            LOG.debugf("Skipped the reminder for token %s: its owner has no e-mail address or is disabled",
                    token.displayPrefix());
            return null;
        }
        return owner;
    }
}
