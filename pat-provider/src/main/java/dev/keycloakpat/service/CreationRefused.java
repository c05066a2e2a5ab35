package dev.keycloakpat.service;

import dev.keycloakpat.refusal.Refusal;

/** A creation over the user's limit per minute: a {@link Refusal.Kind#LIMIT} refusal {@code too_many_requests}, with the seconds to wait for {@code Retry-After}. */
public final class CreationRefused extends Refusal {

    private final long retryAfterSeconds;

    CreationRefused(int limit, long retryAfterSeconds) {
        super(Kind.LIMIT, "too_many_requests", "You have created " + limit + " tokens in the last minute, the most"
                + " allowed. Try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
