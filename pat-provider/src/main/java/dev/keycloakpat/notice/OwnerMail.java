package dev.keycloakpat.notice;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.urls.UrlType;

/**
 * A mail to a token's owner through Keycloak's e-mail sender (the realm's SMTP settings, the owner's language) and the
 * extension's templates. The templates and messages are shipped once, as theme resources of the jar
 * ({@code theme-resources/templates}, {@code theme-resources/messages}): Keycloak adds them to whichever e-mail theme
 * the realm uses, and a realm's own e-mail theme can override them. Tokens are named by name and display prefix,
 * never by the token itself.
 */
public final class OwnerMail {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private OwnerMail() {
    }

    public static boolean smtpConfigured(RealmModel realm) {
        return realm.getSmtpConfig() != null && !realm.getSmtpConfig().isEmpty();
    }

    /** The owner if they exist and have an e-mail address, else null. */
    public static UserModel addressee(KeycloakSession session, RealmModel realm, String userId) {
        UserModel owner = session.users().getUserById(realm, userId);
        return owner == null || owner.getEmail() == null || owner.getEmail().isBlank() ? null : owner;
    }

    /**
     * Sends {@code template} (its HTML and text variants) with the subject message {@code subjectKey}. The subject and
     * body messages take {@code params} in this order; the templates also see them by name in {@code attributes}.
     */
    public static void send(KeycloakSession session, RealmModel realm, UserModel owner, String template, String subjectKey,
                            List<Object> params, Map<String, Object> attributes) throws EmailException {
        Map<String, Object> all = new HashMap<>(attributes);
        all.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(owner)
                .send(subjectKey, params, template, all);
    }

    public static String date(long epochSeconds) {
        return DATE.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** The server's base URL as the current HTTP request's frontend sees it. */
    public static String requestBase(KeycloakSession session) {
        return session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString();
    }

    /**
     * The server's base URL without an HTTP request (a scheduled job): the realm's frontend URL, else the server's
     * {@code hostname} option when it is a URL.
     */
    public static String jobBase(RealmModel realm) {
        String base = realm.getAttribute("frontendUrl");
        if (base == null || base.isBlank()) {
            String hostname = Config.scope("hostname", "v2").get("hostname");
            base = hostname != null && hostname.contains("://") ? hostname : hostname == null ? "" : "https://" + hostname;
        }
        return base;
    }

    /** The account console's token page. */
    public static String tokensPage(String base, String realmName) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return trimmed + "/realms/" + URLEncoder.encode(realmName, StandardCharsets.UTF_8).replace("+", "%20")
                + "/account/personal-access-tokens";
    }

    /** The account console's token page, opening the Regenerate action of one token. */
    public static String regeneratePage(String base, String realmName, String tokenId) {
        return tokensPage(base, realmName) + "?regenerate=" + URLEncoder.encode(tokenId, StandardCharsets.UTF_8);
    }
}
