package dev.keycloakpat.service;

/** A creation over the user's limit per minute: 429 {@code too_many_requests}, with the seconds to wait for {@code Retry-After}. */
public final class CreationRefused extends PatException {

    private final long retryAfterSeconds;

    CreationRefused(int limit, long retryAfterSeconds) {
        super(429, "too_many_requests", "You have created " + limit + " tokens in the last minute, the most"
                + " allowed. Try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
