package dev.keycloakpat.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Limits failure events that name no token (garbage, unknown id, throttled id) to one per realm and reason per
 * interval, so anonymous traffic cannot turn into one event-store insert per request. The event that is written
 * says how many like it were left out since the last one ({@code suppressed}).
 */
public final class EventSampler {

    private static final class Slot {
        volatile long lastMillis = Long.MIN_VALUE;
        final AtomicLong suppressed = new AtomicLong();
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final long intervalMillis;
    private final LongSupplier clock;

    public EventSampler(long intervalMillis, LongSupplier clock) {
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /**
     * -1 when this event is to be left out; else the number left out since the last one written (0 or more),
     * and this one is to be written.
     */
    public long admit(String realmId, String reason) {
        if (slots.size() > 10_000) {
            slots.clear();
        }
        Slot slot = slots.computeIfAbsent(realmId + '/' + reason, k -> new Slot());
        long now = clock.getAsLong();
        synchronized (slot) {
            if (slot.lastMillis != Long.MIN_VALUE && now - slot.lastMillis < intervalMillis) {
                slot.suppressed.incrementAndGet();
                return -1;
            }
            slot.lastMillis = now;
            return slot.suppressed.getAndSet(0);
        }
    }
}
