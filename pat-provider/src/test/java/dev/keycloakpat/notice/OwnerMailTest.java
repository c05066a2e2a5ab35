package dev.keycloakpat.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OwnerMailTest {

    @Test
    void theAccountLinkPointsAtTheTokenPage() {
        assertEquals("https://sso.example.com/realms/my%20realm/account/personal-access-tokens",
                OwnerMail.tokensPage("https://sso.example.com/", "my realm"));
    }

    @Test
    void theRegenerateLinkOpensTheTokensRegenerateAction() {
        assertEquals("https://sso.example.com/kc/realms/acme/account/personal-access-tokens?regenerate=0b1f-42",
                OwnerMail.regeneratePage("https://sso.example.com/kc", "acme", "0b1f-42"));
    }

    @Test
    void datesAreUtc() {
        assertEquals("1970-01-02 00:00 UTC", OwnerMail.date(86_400L));
    }
}
