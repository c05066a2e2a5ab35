package dev.keycloakpat.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LastUsedTrackerTest {

    @Test
    void keepsFiveDistinctAddressesNewestFirst() {
        LastUsedTracker t = new LastUsedTracker();
        long now = 1_000_000;
        for (String ip : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.2", "10.0.0.4", "10.0.0.5", "10.0.0.6")) {
            t.used("a", null, null, now++, ip);
        }
        assertEquals(List.of("10.0.0.6", "10.0.0.5", "10.0.0.4", "10.0.0.2", "10.0.0.3"), t.lastIps("a"));
    }

    @Test
    void atMostOneWritePerMinuteCarryingTheNewestAddresses() {
        LastUsedTracker t = new LastUsedTracker();
        long now = 1_000_000;
        for (int i = 0; i < 1000; i++) {
            t.used("a", null, List.of("192.0.2.9"), now + i % 30, i % 2 == 0 ? "10.0.0.1" : "10.0.0.2");
        }
        Map<String, dev.keycloakpat.model.LastUse> first = t.drain();
        assertEquals(1, first.size());
        assertEquals(now, first.get("a").at());
        assertEquals(List.of("10.0.0.2", "10.0.0.1", "192.0.2.9"), first.get("a").ips());
        t.used("a", null, null, now + 30, "10.0.0.3");
        assertTrue(t.drain().isEmpty(), "within the minute: no write of its own");
        t.used("a", null, null, now + 61, "10.0.0.3");
        assertEquals(List.of("10.0.0.3", "10.0.0.2", "10.0.0.1", "192.0.2.9"), t.drain().get("a").ips());
    }

    @Test
    void ignoresMissingOrAbsurdAddresses() {
        LastUsedTracker t = new LastUsedTracker();
        t.used("a", null, null, 1, null);
        t.used("a", null, null, 2, "x".repeat(200));
        assertEquals(List.of(), t.lastIps("a"));
    }
}
