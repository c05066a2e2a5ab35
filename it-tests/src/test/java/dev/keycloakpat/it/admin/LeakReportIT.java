package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloakpat.it.harness.Await;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import dev.keycloakpat.it.harness.TokenStrings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leak response (docs/api.md, "Service accounts and incidents"): {@code POST /revoke} with {@code {"tokens": […]}} (no
 * login) revokes each valid token, mails its owner (a real SMTP server run by the test), records {@code reason=leaked},
 * and answers the same 204 whatever was valid; a report it cannot fully check is an honest 429.
 */
@KeycloakIT
class LeakReportIT {

    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);
    private static SmtpSink smtp;

    @BeforeAll
    static void setUp(TestRealm realm) {
        smtp = new SmtpSink();
        realm.withMail(smtp.port());
        ObjectNode changes = Http.JSON.createObjectNode();
        changes.put("internationalizationEnabled", true);
        changes.putArray("supportedLocales").add("en").add("de");
        changes.put("defaultLocale", "en");
        changes.put("eventsEnabled", true);
        changes.putArray("enabledEventTypes").add("REMOVE_CREDENTIAL").add("UPDATE_CREDENTIAL");
        realm.update(changes);
        realm.pats().adminSetPolicy("{\"teamSource\":\"none\",\"notifyDaysBeforeExpiry\":0}");
        realm.pats().ensureIntrospector();
    }

    @AfterAll
    static void stopSmtp() {
        if (smtp != null) {
            smtp.close();
        }
    }

    @Test
    void eachValidTokenIsRevokedItsOwnerMailedAndTheAnswerSaysNothing(KeycloakServer server, TestRealm realm) {
        String doraId = realm.createUser("dora", "dora-pw", "dora@example.test", true);
        String quietId = realm.createUser("quiet", "quiet-pw", null, true);
        String dora = realm.pats().userToken("dora", "dora-pw");
        String quiet = realm.pats().userToken("quiet", "quiet-pw");
        JsonNode first = realm.pats().create(dora, Pats.request("ci-deploy"));
        JsonNode second = realm.pats().create(dora, Pats.request("laptop"));
        JsonNode kept = realm.pats().create(dora, Pats.request("kept"));
        JsonNode noMail = realm.pats().create(quiet, Pats.request("no-mail"));
        String keptPat = kept.path("token").asText();

        ArrayNode tokens = Http.JSON.createArrayNode()
                .add(first.path("token").asText())
                .add(second.path("token").asText())
                .add(noMail.path("token").asText())
                .add(first.path("token").asText()) // the same token twice: revoked once
                .add(dev.keycloakpat.it.harness.TokenStrings.withWrongSecret(keptPat, 3)) // a known id with a wrong secret
                .add(dev.keycloakpat.it.harness.TokenStrings.withChecksum("kcpat_" + "Z".repeat(44))) // well-formed, unknown
                .add("kcpat_truncated")
                .add("ghp_notours");
        Http.Response answer = report(realm, tokens);
        assertEquals(204, answer.status(), answer::toString);
        assertEquals("", answer.body());

        assertFalse(realm.pats().active(first.path("token").asText()));
        assertFalse(realm.pats().active(second.path("token").asText()));
        assertFalse(realm.pats().active(noMail.path("token").asText()));
        assertTrue(realm.pats().active(keptPat), "a wrong secret for a known id revokes nothing");
        assertEquals(List.of(kept.path("id").asText()), realm.pats().adminListIds("?userId=" + doraId));

        Await.until(MAIL_TIMEOUT, "two leak mails to dora", () -> smtp.messagesTo("dora@example.test").size() >= 2);
        List<SmtpSink.Message> mails = smtp.messagesTo("dora@example.test");
        assertEquals(2, mails.size(), () -> "one mail per revoked token: " + subjects(mails));
        SmtpSink.Message mail = mails.stream().filter(m -> m.header("Subject").contains("ci-deploy")).findFirst()
                .orElseThrow(() -> new AssertionError("a mail naming ci-deploy: " + subjects(mails)));
        assertEquals("Your personal access token \"ci-deploy\" was found exposed and has been revoked", mail.header("Subject"));
        String text = mail.decoded();
        assertTrue(text.contains(first.path("prefix").asText()), () -> "the token's prefix: " + text);
        assertTrue(text.matches("(?s).*revoked at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC.*"), () -> "when: " + text);
        assertTrue(text.contains(server.baseUrl() + "/realms/" + realm.name() + "/account/personal-access-tokens"),
                () -> "where to create a new one: " + text);
        assertTrue(text.toLowerCase().contains("text/html") && text.toLowerCase().contains("text/plain"), "HTML and text parts");
        for (SmtpSink.Message m : smtp.messages()) {
            assertFalse(m.decoded().contains(first.path("token").asText()) || m.decoded().contains(second.path("token").asText()),
                    "never the token itself");
        }
        assertTrue(smtp.messages().stream().noneMatch(m -> m.header("Subject").contains("no-mail")), "no address, no mail");

        JsonNode events = realm.admin().get(realm.adminPath("/events?type=REMOVE_CREDENTIAL&max=1000")).expect(200).json();
        for (JsonNode token : List.of(first, second, noMail)) {
            JsonNode event = eventFor(events, token.path("id").asText());
            assertEquals("leaked", event.path("details").path("reason").asText(), event::toString);
            assertEquals("leak_report", event.path("details").path("revoked_by").asText(), event::toString);
            assertEquals(token.path("prefix").asText(), event.path("details").path("pat_prefix").asText());
        }
        assertEquals(1, count(events, first.path("id").asText()), "the duplicate was revoked once");
        assertEquals(quietId, eventFor(events, noMail.path("id").asText()).path("userId").asText());

        // nothing valid at all: the very same answer
        Http.Response nothing = report(realm, Http.JSON.createArrayNode().add(first.path("token").asText()).add("kcpat_x"));
        assertEquals(204, nothing.status(), nothing::toString);
        assertEquals("", nothing.body());
    }

    @Test
    void theMailIsInTheOwnersLanguage(TestRealm realm) {
        String id = realm.createUser("greta", "greta-pw", "greta@example.test", true);
        ObjectNode user = (ObjectNode) realm.user(id);
        user.putObject("attributes").putArray("locale").add("de");
        realm.admin().put(realm.adminPath("/users/" + id), user).expect(204);
        JsonNode token = realm.pats().create(realm.pats().userToken("greta", "greta-pw"), Pats.request("build"));

        report(realm, Http.JSON.createArrayNode().add(token.path("token").asText())).expect(204);
        SmtpSink.Message mail = Await.value(MAIL_TIMEOUT, "a leak mail to greta",
                () -> smtp.messagesTo("greta@example.test").stream().findFirst().orElse(null));
        assertEquals("Ihr persönliches Zugriffstoken „build“ wurde öffentlich gefunden und widerrufen",
                decodeHeader(mail.header("Subject")), mail::headers);
        assertTrue(mail.decoded().contains(token.path("prefix").asText()));
        assertTrue(mail.decoded().contains("widerrufen"), mail::data);
    }

    @Test
    void badReportsAreRefusedAndRevokeNothing(TestRealm realm) {
        realm.createUser("ernie", "ernie-pw", "ernie@example.test", true);
        JsonNode token = realm.pats().create(realm.pats().userToken("ernie", "ernie-pw"), Pats.request("survivor"));
        String pat = token.path("token").asText();

        ArrayNode tooMany = Http.JSON.createArrayNode().add(pat);
        for (int i = 0; i < 100; i++) {
            tooMany.add(dev.keycloakpat.it.harness.TokenStrings.withChecksum("kcpat_" + String.format("%044d", i)));
        }
        Http.Response r = report(realm, tooMany);
        assertEquals(400, r.status(), r::toString);
        assertEquals("too_many_tokens", r.json().path("error").asText());
        assertTrue(r.json().path("errorDescription").asText().contains("100"), r::toString);

        for (String body : List.of("{\"tokens\":[]}", "{\"tokens\":\"" + pat + "\"}", "{\"tokens\":[1,2]}",
                "{\"tokens\":[\"" + pat + "\"],\"token\":\"" + pat + "\"}", "{\"tokens\":[\"" + pat + "\"],\"note\":1}", "[]", "{\"tokens\":")) {
            Http.Response bad = realm.http().postJson(realm.path("/personal-access-tokens/revoke"), body);
            assertEquals(400, bad.status(), () -> body + " -> " + bad);
            assertTrue(bad.json().path("error").asText().startsWith("invalid_"), bad::toString);
            assertFalse(bad.json().path("errorDescription").asText().isBlank(), bad::toString);
        }
        assertTrue(realm.pats().active(pat), "refused reports changed nothing");
        assertTrue(smtp.messagesTo("ernie@example.test").isEmpty());
    }

    @Test
    void aReportTheServerCannotFullyCheckIsAnHonest429(TestRealm realm) {
        realm.createUser("fred", "fred-pw", "fred@example.test", true);
        String fred = realm.pats().userToken("fred", "fred-pw");
        // never used, so no node has verified it: its secret must be checked, and the id's budget is used up first
        String unverified = realm.pats().create(fred, Pats.request("unverified")).path("token").asText();
        JsonNode other = realm.pats().create(fred, Pats.request("other"));

        ArrayNode tokens = Http.JSON.createArrayNode();
        for (int i = 0; i < 10; i++) {
            tokens.add(dev.keycloakpat.it.harness.TokenStrings.withWrongSecret(unverified, i));
        }
        tokens.add(unverified).add(other.path("token").asText());
        Http.Response r = report(realm, tokens);
        assertEquals(429, r.status(), r::toString);
        assertTrue(Long.parseLong(r.header("Retry-After").orElse("0")) > 0, r::toString);
        assertEquals("too_many_requests", r.json().path("error").asText());
        assertFalse(realm.pats().active(other.path("token").asText()), "what could be checked was revoked");
        List<String> left = realm.pats().adminListIds("?userId=" + realm.userId("fred"));
        assertEquals(1, left.size(), "the unchecked token is still there, and the answer said so: " + left);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Http.Response report(TestRealm realm, ArrayNode tokens) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("tokens", tokens);
        return realm.http().postJson(realm.path("/personal-access-tokens/revoke"), body);
    }

    private static JsonNode eventFor(JsonNode events, String patId) {
        for (JsonNode e : events) {
            if (patId.equals(e.path("details").path("pat_id").asText())) {
                return e;
            }
        }
        throw new AssertionError("no REMOVE_CREDENTIAL event for " + patId + " in " + events);
    }

    private static long count(JsonNode events, String patId) {
        long n = 0;
        for (JsonNode e : events) {
            if (patId.equals(e.path("details").path("pat_id").asText())) {
                n++;
            }
        }
        return n;
    }

    /** RFC 2047 encoded words ({@code =?UTF-8?B?…?=} or {@code =?UTF-8?Q?…?=}) of a header, decoded. */
    static String decodeHeader(String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=").matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String between = value.substring(last, m.start());
            if (!(last > 0 && between.isBlank())) {
                out.append(between);
            }
            java.nio.charset.Charset cs = java.nio.charset.Charset.forName(m.group(1));
            byte[] bytes;
            if (m.group(2).equalsIgnoreCase("B")) {
                bytes = java.util.Base64.getDecoder().decode(m.group(3));
            } else {
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                String q = m.group(3);
                for (int i = 0; i < q.length(); i++) {
                    char c = q.charAt(i);
                    if (c == '_') {
                        b.write(' ');
                    } else if (c == '=' && i + 2 < q.length()) {
                        b.write(Integer.parseInt(q.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        b.write(c);
                    }
                }
                bytes = b.toByteArray();
            }
            out.append(new String(bytes, cs));
            last = m.end();
        }
        out.append(value.substring(last));
        return out.toString();
    }

    private static List<String> subjects(List<SmtpSink.Message> mails) {
        List<String> out = new ArrayList<>();
        mails.forEach(m -> out.add(m.header("Subject")));
        return out;
    }
}
