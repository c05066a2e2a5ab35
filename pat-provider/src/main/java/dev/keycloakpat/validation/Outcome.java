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
    /**
     * Rotated away and past its grace: dead for good. Presented with its correct secret this is reuse (the old
     * token leaked, or a client still holds it); {@link PatValidator#use} then revokes its successors.
     */
    ROTATED,
    /** The realm is disabled: nothing of it authenticates. */
    REALM_DISABLED,
    USER_NOT_FOUND,
    USER_DISABLED,
    /** A service account's token whose client is gone, disabled, or has service accounts switched off. */
    SERVICE_ACCOUNT_OFF,
    /** Created before the realm's or the user's "not before" (an admin's "revoke everything issued before now"). */
    NOT_BEFORE,
    NOT_IN_TEAM,
    /** The realm policy changed so that this token is no longer allowed (lifetime, no-expiry, write). */
    POLICY_VIOLATION,
    /** Too many wrong secrets for this token id recently; checked before any bcrypt work. */
    THROTTLED,
    /** Valid, but presented with a username (Basic auth, password grant) or JWT subject that is not its owner's. */
    WRONG_OWNER,
    /** Valid, but over the realm's per-token request limit. Not an event: floods must not become event writes. */
    RATE_LIMITED;

    /** The lower-case reason written to events. */
    public String reason() {
        // the reason events carried before this outcome had a name of its own
        return this == WRONG_OWNER ? "username_is_not_the_token_owner" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Outcomes reached before any token was identified: anonymous traffic, whose events are sampled. */
    public boolean anonymous() {
        return this == MALFORMED || this == UNKNOWN || this == THROTTLED;
    }
}
