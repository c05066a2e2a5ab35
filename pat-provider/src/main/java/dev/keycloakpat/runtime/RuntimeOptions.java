package dev.keycloakpat.runtime;

import org.jboss.logging.Logger;
import org.keycloak.Config;

/**
 * The node runtime's options, read once at start from Keycloak's configuration of the {@code pat-runtime} SPI's
 * {@code default} provider: {@code --spi-pat-runtime--default--<option>=<value>} (or
 * {@code KC_SPI_PAT_RUNTIME__DEFAULT__<OPTION>}). Each is a whole number of at least 1; anything else is logged and
 * replaced by the default.
 *
 * @param cacheMaxEntries              verified tokens kept in memory per node
 * @param cacheTtlSeconds              how long a verified token is served from memory
 * @param throttleFailuresPerMinute    wrong secrets per token id and minute before further attempts are refused
 * @param revokeChecksPerMinute        secret checks per token id and minute for {@code POST /revoke}
 * @param jobsIntervalSeconds          how often the cluster-wide maintenance job runs
 * @param lastUsedFlushSeconds         how often pending last-used times are written
 */
public record RuntimeOptions(int cacheMaxEntries, long cacheTtlSeconds, int throttleFailuresPerMinute,
                             int revokeChecksPerMinute, long jobsIntervalSeconds, long lastUsedFlushSeconds) {

    private static final Logger LOG = Logger.getLogger(RuntimeOptions.class);

    public static final String CACHE_MAX_ENTRIES = "cache-max-entries";
    public static final String CACHE_TTL_SECONDS = "cache-ttl-seconds";
    public static final String THROTTLE_FAILURES_PER_MINUTE = "throttle-failures-per-minute";
    public static final String REVOKE_CHECKS_PER_MINUTE = "revoke-checks-per-minute";
    public static final String JOBS_INTERVAL_SECONDS = "jobs-interval-seconds";
    public static final String LAST_USED_FLUSH_SECONDS = "last-used-flush-seconds";

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(200_000, 600, 10, 10, 3600, 30);
    }

    /**
     * Reads the options from the provider's scope. {@code jobs-interval-seconds} is also taken, with a warning, from
     * {@code legacy} (the realm resource's scope, where it was set before: users have
     * {@code --spi-realm-restapi-extension--personal-access-tokens--jobs-interval-seconds} in their configuration)
     * when the provider's scope does not set it.
     */
    public static RuntimeOptions from(Config.Scope config, Config.Scope legacy) {
        RuntimeOptions d = defaults();
        long jobs;
        if (config.get(JOBS_INTERVAL_SECONDS) == null && legacy != null && legacy.get(JOBS_INTERVAL_SECONDS) != null) {
            LOG.warnf("--spi-realm-restapi-extension--personal-access-tokens--%s is deprecated: use "
                    + "--spi-pat-runtime--default--%s", JOBS_INTERVAL_SECONDS, JOBS_INTERVAL_SECONDS);
            jobs = positive(legacy, JOBS_INTERVAL_SECONDS, d.jobsIntervalSeconds);
        } else {
            jobs = positive(config, JOBS_INTERVAL_SECONDS, d.jobsIntervalSeconds);
        }
        return new RuntimeOptions(
                (int) Math.min(Integer.MAX_VALUE, positive(config, CACHE_MAX_ENTRIES, d.cacheMaxEntries)),
                positive(config, CACHE_TTL_SECONDS, d.cacheTtlSeconds),
                (int) Math.min(Integer.MAX_VALUE, positive(config, THROTTLE_FAILURES_PER_MINUTE, d.throttleFailuresPerMinute)),
                (int) Math.min(Integer.MAX_VALUE, positive(config, REVOKE_CHECKS_PER_MINUTE, d.revokeChecksPerMinute)),
                jobs,
                positive(config, LAST_USED_FLUSH_SECONDS, d.lastUsedFlushSeconds));
    }

    private static long positive(Config.Scope config, String name, long fallback) {
        String text = config.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // logged below
        }
        LOG.warnf("keycloak-pat: option %s must be a whole number of at least 1, not '%s'; using %d", name, text, fallback);
        return fallback;
    }
}
