package dev.keycloakpat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;

/** A creation over the limit is a limit refusal (429 at the REST edge) that says when to retry. */
class CreationRefusedTest {

    @Test
    void itIsALimitRefusalWithTheWait() {
        CreationRefused e = new CreationRefused(10, 50);
        assertEquals(Refusal.Kind.LIMIT, e.kind());
        assertEquals("too_many_requests", e.error());
        assertEquals(50, e.retryAfterSeconds());
        assertTrue(e.getMessage().contains("10 tokens") && e.getMessage().contains("50 seconds"), e.getMessage());
    }
}
