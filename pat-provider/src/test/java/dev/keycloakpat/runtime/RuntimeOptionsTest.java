package dev.keycloakpat.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The runtime's options as Keycloak hands them over: defaults, own values, bad values, the deprecated alias. */
class RuntimeOptionsTest {

    private static Config.Scope scope(Map<String, String> values) {
        return (Config.Scope) Proxy.newProxyInstance(RuntimeOptionsTest.class.getClassLoader(), new Class<?>[] {Config.Scope.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get") && args.length == 1) {
                        return values.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void nothingSetGivesTheDefaults() {
        assertEquals(RuntimeOptions.defaults(), RuntimeOptions.from(scope(Map.of()), scope(Map.of())));
        assertEquals(new RuntimeOptions(200_000, 600, 10, 10, 3600, 30), RuntimeOptions.defaults());
    }

    @Test
    void everyOptionIsRead() {
        RuntimeOptions o = RuntimeOptions.from(scope(Map.of("cache-max-entries", "5000", "cache-ttl-seconds", "60",
                "throttle-failures-per-minute", "3", "revoke-checks-per-minute", "4", "jobs-interval-seconds", "2",
                "last-used-flush-seconds", "5")), null);
        assertEquals(new RuntimeOptions(5000, 60, 3, 4, 2, 5), o);
    }

    @Test
    void aValueThatIsNotAWholeNumberOfAtLeastOneFallsBackToTheDefault() {
        RuntimeOptions o = RuntimeOptions.from(scope(Map.of("cache-max-entries", "lots", "cache-ttl-seconds", "0",
                "throttle-failures-per-minute", "-1", "jobs-interval-seconds", " 7 ")), null);
        assertEquals(200_000, o.cacheMaxEntries());
        assertEquals(600, o.cacheTtlSeconds());
        assertEquals(10, o.throttleFailuresPerMinute());
        assertEquals(7, o.jobsIntervalSeconds(), "surrounding blanks are fine");
    }

    @Test
    void theOldJobsIntervalOptionStillWorksUnlessTheNewOneIsSet() {
        Config.Scope legacy = scope(Map.of("jobs-interval-seconds", "600"));
        assertEquals(600, RuntimeOptions.from(scope(Map.of()), legacy).jobsIntervalSeconds());
        assertEquals(60, RuntimeOptions.from(scope(Map.of("jobs-interval-seconds", "60")), legacy).jobsIntervalSeconds());
    }
}
