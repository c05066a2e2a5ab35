package dev.keycloakpat.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PatEventsTest {

    @Test
    void eventNamesKeepBmpTextAndReplaceCharactersMySqlEventTablesCannotHold() {
        assertEquals("Grüße 日本語 токен", PatEvents.eventSafe("Grüße 日本語 токен"));
        assertEquals("\uFFFD deploy \uFFFD", PatEvents.eventSafe("🚀 deploy 🔑"));
        assertEquals("a\uFFFDb", PatEvents.eventSafe("a\uD840\uDC00b"));
        assertNull(PatEvents.eventSafe(null));
    }
}
