package dev.keycloakpat.rest;

import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.service.CreateRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CreateBodyTest {

    private static String errorOf(String body) {
        return assertThrows(Refusal.class, () -> CreateBody.parse(body)).error();
    }

    @Test
    void fullRequestIsRead() {
        CreateRequest r = CreateBody.parse("{\"name\":\"ci\",\"teamId\":\"t1\",\"expirationDays\":30,\"write\":true,\"roles\":[\"a\",\"api/b\",\"a\"]}");
        assertEquals("ci", r.name());
        assertEquals("t1", r.teamId());
        assertEquals(30, r.expirationDays());
        assertNull(r.expiresAt());
        assertTrue(r.write());
        assertEquals(List.of("a", "api/b"), r.roles());
    }

    @Test
    void writeDefaultsToFalseAndRolesToNoNarrowing() {
        CreateRequest r = CreateBody.parse("{\"name\":\"ci\"}");
        assertFalse(r.write());
        assertNull(r.roles());
    }

    @Test
    void malformedBodiesGetClearErrors() {
        assertEquals("invalid_json", errorOf("{\"name\":"));
        assertEquals("invalid_request", errorOf(""));
        assertEquals("invalid_request", errorOf("[]"));
        assertEquals("invalid_request", errorOf("\"name\""));
        assertEquals("invalid_request", errorOf("{\"name\":\"x\",\"expirationDay\":7}"));
        assertEquals("invalid_request", errorOf("{\"name\":5}"));
        assertEquals("invalid_request", errorOf("{\"name\":\"x\",\"write\":\"yes\"}"));
        assertEquals("invalid_expiration", errorOf("{\"name\":\"x\",\"expirationDays\":7.5}"));
        assertEquals("invalid_expiration", errorOf("{\"name\":\"x\",\"expiresAt\":\"tomorrow\"}"));
        assertEquals("invalid_role", errorOf("{\"name\":\"x\",\"roles\":\"admin\"}"));
        assertEquals("invalid_role", errorOf("{\"name\":\"x\",\"roles\":[1]}"));
    }

    @Test
    void errorMessagesNeverEchoMarkup() {
        Refusal e = assertThrows(Refusal.class, () -> CreateBody.parse("{\"<script>alert(1)</script>\":1}"));
        assertFalse(e.getMessage().contains("<script>"));
    }
}
