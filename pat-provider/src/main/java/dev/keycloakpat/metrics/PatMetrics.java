package dev.keycloakpat.metrics;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

import dev.keycloakpat.validation.Outcome;

/**
 * Counters exposed on Keycloak's metrics endpoint (Micrometer's global registry, as Keycloak's own meters)
 * when Keycloak runs with {@code --metrics-enabled=true}:
 * {@code keycloak_pat_validations_total{outcome}}, {@code keycloak_pat_cache_total{result=hit|miss}} and
 * {@code keycloak_pat_last_used_writes_total} (rows written by the batched last-used flush).
 * No token, prefix or user ever goes into a tag.
 */
public final class PatMetrics {

    private static volatile PatMetrics instance = new PatMetrics(false);

    private final boolean enabled;
    private final Map<Outcome, Counter> validations = new EnumMap<>(Outcome.class);
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter lastUsedWrites;

    private PatMetrics(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            for (Outcome o : Outcome.values()) {
                validations.put(o, Counter.builder("keycloak.pat.validations")
                        .description("Personal access token validations by outcome")
                        .tag("outcome", o.reason()).register(Metrics.globalRegistry));
            }
            cacheHits = Counter.builder("keycloak.pat.cache").description("Verified-token cache lookups")
                    .tag("result", "hit").register(Metrics.globalRegistry);
            cacheMisses = Counter.builder("keycloak.pat.cache").description("Verified-token cache lookups")
                    .tag("result", "miss").register(Metrics.globalRegistry);
            lastUsedWrites = Counter.builder("keycloak.pat.last.used.writes")
                    .description("Last-used times written to the database by the batched flush")
                    .register(Metrics.globalRegistry);
        } else {
            cacheHits = null;
            cacheMisses = null;
            lastUsedWrites = null;
        }
    }

    public static void enable(boolean enabled) {
        if (enabled != instance.enabled) {
            instance = new PatMetrics(enabled);
        }
    }

    public static void validation(Outcome outcome) {
        PatMetrics m = instance;
        if (m.enabled) {
            m.validations.get(outcome).increment();
        }
    }

    public static void cache(boolean hit) {
        PatMetrics m = instance;
        if (m.enabled) {
            (hit ? m.cacheHits : m.cacheMisses).increment();
        }
    }

    /** Counts last-used rows written by one flush. */
    public static void lastUsedWritten(int rows) {
        PatMetrics m = instance;
        if (m.enabled) {
            m.lastUsedWrites.increment(rows);
        }
    }
}
