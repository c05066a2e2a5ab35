package dev.keycloakpat.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExchangeScopeTest {

    @Test
    void offlineAccessIsNeverRequestedByAnExchange() {
        assertEquals("openid profile", ExchangeScope.withoutOfflineAccess("openid offline_access profile"));
        assertEquals("", ExchangeScope.withoutOfflineAccess("offline_access"));
        assertEquals("openid", ExchangeScope.withoutOfflineAccess("  openid   offline_access "));
    }

    @Test
    void otherScopesAreKept() {
        assertEquals("openid email", ExchangeScope.withoutOfflineAccess("openid email"));
        assertEquals("offline_accessx", ExchangeScope.withoutOfflineAccess("offline_accessx"));
        assertNull(ExchangeScope.withoutOfflineAccess(null));
    }
}
