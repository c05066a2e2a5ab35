package dev.keycloakpat.notice;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;

/**
 * Mails the owner of tokens revoked because they leaked: a token reported as exposed ({@code pat-leaked.ftl}), and a
 * rotated-away token presented after its grace, whose successors were revoked ({@code pat-rotated-reused.ftl}). Each
 * names the token by its name and prefix (never the token), says when, and links to the account console. Owners
 * without an e-mail address, and realms without an SMTP server, get nothing; a failed send is logged and does not
 * undo the revocation.
 */
public final class LeakNotices {

    static final String LEAKED_TEMPLATE = "pat-leaked.ftl";
    static final String LEAKED_SUBJECT = "patLeakedSubject";
    static final String REUSED_TEMPLATE = "pat-rotated-reused.ftl";
    static final String REUSED_SUBJECT = "patRotatedReusedSubject";
    private static final Logger LOG = Logger.getLogger(LeakNotices.class);

    private LeakNotices() {
    }

    /** A reported token was revoked; returns whether a mail went out. */
    public static boolean leaked(KeycloakSession session, RealmModel realm, PatRecord token, long revokedAt) {
        String when = OwnerMail.date(revokedAt);
        String url = OwnerMail.tokensPage(OwnerMail.requestBase(session), realm.getName());
        return send(session, realm, token, LEAKED_TEMPLATE, LEAKED_SUBJECT, List.of(token.name(), token.displayPrefix(), when, url),
                Map.of("tokenName", token.name(), "tokenPrefix", token.displayPrefix(), "revokedAt", when, "accountUrl", url));
    }

    /**
     * The rotated-away {@code reused} token was presented after its grace and {@code revoked} tokens rotated from it
     * were revoked; returns whether a mail went out.
     */
    public static boolean reused(KeycloakSession session, RealmModel realm, PatRecord reused, int revoked, long at) {
        String when = OwnerMail.date(at);
        String count = String.valueOf(revoked);
        String url = OwnerMail.tokensPage(OwnerMail.requestBase(session), realm.getName());
        return send(session, realm, reused, REUSED_TEMPLATE, REUSED_SUBJECT,
                List.of(reused.name(), reused.displayPrefix(), when, url, count),
                Map.of("tokenName", reused.name(), "tokenPrefix", reused.displayPrefix(), "usedAt", when,
                        "accountUrl", url, "revokedCount", count));
    }

    private static boolean send(KeycloakSession session, RealmModel realm, PatRecord token, String template, String subject,
                                List<Object> params, Map<String, Object> attributes) {
        if (!OwnerMail.smtpConfigured(realm)) {
            return false;
        }
        UserModel owner = OwnerMail.addressee(session, realm, token.userId());
        if (owner == null) {
            return false;
        }
        try {
            OwnerMail.send(session, realm, owner, template, subject, params, attributes);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Could not send the %s notice for token %s to user %s: %s", template, token.displayPrefix(),
                    owner.getId(), e.getMessage());
            return false;
        }
    }
}
