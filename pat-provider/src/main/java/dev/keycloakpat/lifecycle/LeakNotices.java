package dev.keycloakpat.lifecycle;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.urls.UrlType;

import dev.keycloakpat.model.PatRecord;

/**
 * Tells the owner of a token revoked by a leak report: a mail through Keycloak's e-mail sender and the
 * {@code pat-leaked.ftl} templates, naming the token by its name and prefix (never the token), when it was revoked,
 * and where to create a new one. Owners without an e-mail address, and realms without an SMTP server, get nothing;
 * a failed send is logged and does not undo the revocation.
 */
public final class LeakNotices {

    static final String TEMPLATE = "pat-leaked.ftl";
    static final String SUBJECT = "patLeakedSubject";
    private static final Logger LOG = Logger.getLogger(LeakNotices.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private LeakNotices() {
    }

    /** Sends the notice for one revoked token; returns whether a mail went out. */
    public static boolean send(KeycloakSession session, RealmModel realm, PatRecord token, long revokedAt) {
        if (realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            return false;
        }
        UserModel owner = session.users().getUserById(realm, token.userId());
        if (owner == null || owner.getEmail() == null || owner.getEmail().isBlank()) {
            return false;
        }
        String when = DATE.format(Instant.ofEpochSecond(revokedAt));
        String base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString();
        String url = ExpiryReminders.AccountLinks.tokensPage(base, realm.getName());
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("tokenName", token.name());
        attributes.put("tokenPrefix", token.displayPrefix());
        attributes.put("revokedAt", when);
        attributes.put("accountUrl", url);
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(owner)
                    .send(SUBJECT, List.of(token.name(), token.displayPrefix(), when, url), TEMPLATE, attributes);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Could not send the leak notice for token %s to user %s: %s", token.displayPrefix(), owner.getId(),
                    e.getMessage());
            return false;
        }
    }
}
