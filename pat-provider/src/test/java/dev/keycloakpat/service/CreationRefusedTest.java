package dev.keycloakpat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A creation over the limit is a 429 that says when to retry. */
class CreationRefusedTest {

    @Test
    void itIsA429WithTheWait() {
        CreationRefused e = new CreationRefused(10, 50);
        assertEquals(429, e.status());
        assertEquals("too_many_requests", e.error());
        assertEquals(50, e.retryAfterSeconds());
        assertTrue(e.getMessage().contains("10 tokens") && e.getMessage().contains("50 seconds"), e.getMessage());
    }
}
