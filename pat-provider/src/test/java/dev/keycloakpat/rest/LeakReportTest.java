package dev.keycloakpat.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;

class LeakReportTest {

    @Test
    void oneTokenOrAListOfTokens() {
        LeakReport one = LeakReport.parse("{\"token\":\"kcpat_a\"}");
        assertTrue(one.single());
        assertEquals(List.of("kcpat_a"), one.tokens());
        LeakReport many = LeakReport.parse("{\"tokens\":[\"kcpat_a\",\" kcpat_b \",\"kcpat_a\"]}");
        assertFalse(many.single());
        assertEquals(List.of("kcpat_a", "kcpat_b"), many.tokens(), "trimmed, duplicates once, in order");
    }

    @Test
    void atMostAHundred() {
        StringBuilder b = new StringBuilder("{\"tokens\":[");
        for (int i = 0; i < 100; i++) {
            b.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        assertEquals(100, LeakReport.parse(b + "]}").tokens().size());
        Refusal e = assertThrows(Refusal.class, () -> LeakReport.parse(b + ",\"t100\"]}"));
        assertEquals("too_many_tokens", e.error());
        assertEquals(400, Json.status(e));
        assertTrue(e.getMessage().contains("100"));
    }

    @Test
    void anythingElseIsRefusedWithAReason() {
        for (String body : List.of("", "[]", "{}", "{\"tokens\":[]}", "{\"tokens\":\"x\"}", "{\"tokens\":[1]}",
                "{\"tokens\":[null]}", "{\"token\":1}", "{\"token\":\"a\",\"tokens\":[\"b\"]}", "{\"tokens\":[\"a\"],\"x\":1}")) {
            Refusal e = assertThrows(Refusal.class, () -> LeakReport.parse(body), body);
            assertEquals(400, Json.status(e), body);
            assertEquals("invalid_request", e.error(), body);
            assertFalse(e.getMessage().isBlank());
        }
        assertEquals("invalid_json", assertThrows(Refusal.class, () -> LeakReport.parse("{\"tokens\":")).error());
    }
}
