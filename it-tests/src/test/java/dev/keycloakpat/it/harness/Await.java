package dev.keycloakpat.it.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling for what the server does later (events, mails, cache invalidation, cluster views): every wait has a
 * timeout and fails with what it waited for.
 */
public final class Await {

    private static final Duration EVERY = Duration.ofMillis(250);

    private Await() {
    }

    /** Polls until {@code condition} holds; fails with "timed out after N s waiting until {@code what}". */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        value(timeout, () -> "until " + what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Polls until {@code value} is not null and returns it; fails with "… waiting for {@code what}". */
    public static <T> T value(Duration timeout, String what, Supplier<T> value) {
        return value(timeout, () -> "for " + what, value);
    }

    /**
     * As {@link #value(Duration, String, Supplier)}, with a failure message computed at the timeout (e.g. with the
     * last state seen).
     */
    public static <T> T value(Duration timeout, Supplier<String> what, Supplier<T> value) {
        T v = poll(timeout, EVERY, value);
        if (v == null) {
            throw new AssertionError("timed out after %d s waiting %s".formatted(timeout.toSeconds(), what.get()));
        }
        return v;
    }

    /** Whether {@code condition} holds within {@code timeout} (for assertions with a message of their own). */
    public static boolean eventually(Duration timeout, BooleanSupplier condition) {
        return poll(timeout, EVERY, () -> condition.getAsBoolean() ? Boolean.TRUE : null) != null;
    }

    /**
     * Milliseconds until {@code condition} holds, polled without pause (a measurement), or -1 if it did not within
     * {@code timeout}.
     */
    public static long millisUntil(Duration timeout, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        return -1;
    }

    /** The first non-null {@code value} polled every {@code every}, or null when {@code timeout} has passed. */
    public static <T> T poll(Duration timeout, Duration every, Supplier<T> value) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (Instant.now().isAfter(deadline)) {
                return null;
            }
            pause(every);
        }
    }

    /** Sleeps, turning an interrupt into a failure of the waiting test. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
