package dev.keycloakpat.runtime;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters exposed on Keycloak's metrics endpoint (Micrometer's global registry, as Keycloak's own meters)
 * when Keycloak runs with {@code --metrics-enabled=true}:
 * {@code keycloak_pat_validations_total{outcome}}, {@code keycloak_pat_cache_total{result=hit|miss}} and
 * {@code keycloak_pat_last_used_writes_total} (rows written by the batched last-used flush).
 * An outcome is counted by its reason (the validation's {@code Outcome.reason()}), so this knows nothing of
 * validation. No token, prefix or user ever goes into a tag. Without a registry, counting does nothing.
 */
public final class PatMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> validations = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter lastUsedWrites;

    /**
     * @param registry where to register, or null for no metrics
     * @param reasons  the outcome reasons registered at once (so each shows, at 0, before its first use)
     */
    public PatMetrics(MeterRegistry registry, Collection<String> reasons) {
        this.registry = registry;
        if (registry == null) {
            cacheHits = null;
            cacheMisses = null;
            lastUsedWrites = null;
            return;
        }
        reasons.forEach(this::validationCounter);
        cacheHits = Counter.builder("keycloak.pat.cache").description("Verified-token cache lookups")
                .tag("result", "hit").register(registry);
        cacheMisses = Counter.builder("keycloak.pat.cache").description("Verified-token cache lookups")
                .tag("result", "miss").register(registry);
        lastUsedWrites = Counter.builder("keycloak.pat.last.used.writes")
                .description("Last-used times written to the database by the batched flush")
                .register(registry);
    }

    private Counter validationCounter(String reason) {
        return validations.computeIfAbsent(reason, r -> Counter.builder("keycloak.pat.validations")
                .description("Personal access token validations by outcome")
                .tag("outcome", r).register(registry));
    }

    /** Counts one validation with this outcome reason. */
    public void validation(String reason) {
        if (registry != null) {
            validationCounter(reason).increment();
        }
    }

    public void cache(boolean hit) {
        if (registry != null) {
            (hit ? cacheHits : cacheMisses).increment();
        }
    }

    /** Counts last-used rows written by one flush. */
    public void lastUsedWritten(int rows) {
        if (registry != null) {
            lastUsedWrites.increment(rows);
        }
    }
}
