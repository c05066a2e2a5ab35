package dev.keycloakpat.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts wrong secrets per token public id in a sliding minute. Past the limit, further attempts for that
 * id are refused before any bcrypt work, so a flood of wrong secrets cannot make the server burn CPU.
 * A holder of the right token keeps working through {@link VerifiedTokenCache}, which is consulted first.
 */
public final class FailureThrottle {

    private record Window(long startMillis, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailuresPerMinute;
    private final LongSupplier clock;

    public FailureThrottle(int maxFailuresPerMinute, LongSupplier clock) {
        this.maxFailuresPerMinute = maxFailuresPerMinute;
        this.clock = clock;
    }

    public boolean isThrottled(String publicId) {
        Window w = windows.get(publicId);
        return w != null && clock.getAsLong() - w.startMillis < 60_000 && w.failures >= maxFailuresPerMinute;
    }

    public void recordFailure(String publicId) {
        long now = clock.getAsLong();
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(e -> now - e.getValue().startMillis >= 60_000);
        }
        windows.compute(publicId, (k, w) -> w == null || now - w.startMillis >= 60_000
                ? new Window(now, 1) : new Window(w.startMillis, w.failures + 1));
    }

    public void reset(String publicId) {
        windows.remove(publicId);
    }
}
