package dev.keycloakpat.validation;

/** Why a presented token is (not) valid. Never shown to an unauthenticated caller; recorded in events. */
public enum Outcome {
    VALID,
    /** Not a well-formed token: wrong prefix, length, alphabet or checksum. No storage was touched. */
    MALFORMED,
    /** Well-formed, but no such token in this realm (never existed, revoked or deleted). */
    UNKNOWN,
    BAD_SECRET,
    EXPIRED,
    USER_NOT_FOUND,
    USER_DISABLED,
    NOT_IN_TEAM,
    /** The realm policy changed so that this token is no longer allowed (lifetime, no-expiry, write). */
    POLICY_VIOLATION,
    /** Too many wrong secrets for this token id recently; checked before any bcrypt work. */
    THROTTLED;

    /** The lower-case reason written to events. */
    public String reason() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
