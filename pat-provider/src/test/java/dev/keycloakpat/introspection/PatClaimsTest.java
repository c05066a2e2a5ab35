package dev.keycloakpat.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PatClaimsTest {

    @Test
    void scopeGetsReadAndWriteOnlyWhenAllowed() {
        assertEquals("profile email read", PatClaims.withPatScope("profile email", false));
        assertEquals("profile read write", PatClaims.withPatScope("profile write", true));
        assertEquals("profile read", PatClaims.withPatScope("profile write read", false));
        assertEquals("read", PatClaims.withPatScope(null, false));
    }
}
