package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maintenance job e-mails owners of tokens entering the realm's reminder window, once per token, through a real
 * SMTP server the test runs (configured as the realm's SMTP server). The harness runs the job every 2 seconds.
 */
@KeycloakIT
class ExpiryReminderIT {

    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(60);
    private static SmtpSink smtp;

    @AfterAll
    static void stopSmtp() {
        if (smtp != null) {
            smtp.close();
        }
    }

    @Test
    void ownersAreRemindedOncePerTokenBeforeItExpires(KeycloakServer server, TestRealm realm) {
        smtp = new SmtpSink();
        realm.withMail(smtp.port());
        // the extension's own email theme: its mails come from the jar's theme resources, as with Keycloak's default
        // theme (LeakReportIT and RotationIT mail with the default one)
        realm.update(Http.JSON.createObjectNode().put("emailTheme", "keycloak-pat"));
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\",\"notifyDaysBeforeExpiry\":30}");

        realm.createUser("henry", "henry-pw", "henry@example.test", true);
        String noMailId = realm.createUser("nomail", "nomail-pw", null, true);
        String henry = realm.pats().userToken("henry", "henry-pw");
        String noMail = realm.pats().userToken("nomail", "nomail-pw");
        assertTrue(realm.user(noMailId).path("email").isMissingNode() || realm.user(noMailId).path("email").isNull());

        JsonNode soon = realm.pats().create(henry, Pats.request("deploy-bot").put("expirationDays", 7));
        realm.pats().create(henry, Pats.request("far-away").put("expirationDays", 90));
        realm.pats().create(noMail, Pats.request("nobody-to-tell").put("expirationDays", 7));

        SmtpSink.Message mail = Await.value(MAIL_TIMEOUT, "a reminder to henry@example.test",
                () -> smtp.messagesTo("henry@example.test").stream().findFirst().orElse(null));
        assertEquals("Your personal access token \"deploy-bot\" expires in 7 days", mail.header("Subject"), mail::data);
        String text = mail.decoded();
        assertTrue(text.contains(soon.path("prefix").asText()), () -> "the token's prefix in the mail: " + text);
        assertTrue(text.contains(server.baseUrl() + "/realms/" + realm.name() + "/account/personal-access-tokens?regenerate="
                        + soon.path("id").asText()), () -> "a link that opens the token's Regenerate action: " + text);
        assertTrue(text.contains("regenerate it"), () -> "the mail says the token can be regenerated: " + text);
        assertTrue(text.toLowerCase().contains("text/html") && text.toLowerCase().contains("text/plain"),
                () -> "HTML and text parts: " + text);
        assertTrue(!text.contains(soon.path("token").asText()), "never the token itself");

        // second-bot is reminded in a later run than deploy-bot, and a run mails soonest-expiring first: had
        // deploy-bot not been marked as reminded, its second mail would arrive before second-bot's
        realm.pats().create(henry, Pats.request("second-bot").put("expirationDays", 30));
        Await.until(MAIL_TIMEOUT, "a reminder for second-bot", () -> smtp.messagesTo("henry@example.test").stream()
                .anyMatch(m -> m.header("Subject").contains("second-bot")));
        List<SmtpSink.Message> all = smtp.messages();
        assertEquals(2, all.size(), () -> "exactly one mail per token in the window, none for far-away or the owner without e-mail: "
                + all.stream().map(m -> m.recipients() + " " + m.header("Subject")).toList());
        assertEquals(1, all.stream().filter(m -> m.header("Subject").contains("deploy-bot")).count());
        assertEquals(1, all.stream().filter(m -> m.header("Subject").contains("second-bot")).count());
    }
}
