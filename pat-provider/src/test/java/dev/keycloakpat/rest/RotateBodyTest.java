package dev.keycloakpat.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.refusal.Refusal;

class RotateBodyTest {

    @Test
    void graceIsOptional() {
        assertEquals(0, SelfServiceResource.graceSeconds(""));
        assertEquals(0, SelfServiceResource.graceSeconds("{}"));
        assertEquals(0, SelfServiceResource.graceSeconds("{\"graceSeconds\": null}"));
        assertEquals(30, SelfServiceResource.graceSeconds("{\"graceSeconds\": 30}"));
    }

    @Test
    void badBodiesAreRefused() {
        for (String body : new String[] {"[1]", "{x", "{\"graceSeconds\": \"5\"}", "{\"graceSeconds\": 1.5}",
                "{\"graceSeconds\": true}", "{\"grace\": 5}", "{\"graceSeconds\": 99999999999999999999999}"}) {
            Refusal e = assertThrows(Refusal.class, () -> SelfServiceResource.graceSeconds(body), body);
            assertEquals(400, Json.status(e), body);
        }
    }
}
