package dev.keycloakpat.service;

import java.util.Collection;
import java.util.List;

import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.refusal.Refusal;

/** The rules for a new token that need no Keycloak types: name and expiry against the policy. */
public final class CreateRules {

    public static final int MAX_NAME_LENGTH = 100;

    private CreateRules() {
    }

    /**
     * Control and invisible format characters (bidi overrides, zero-width space, BOM...) could disguise a name, so
     * they are refused; the zero-width joiner and non-joiner are format characters too but part of ordinary text
     * (emoji sequences, Persian, Indic scripts), so they are allowed.
     */
    static boolean isControl(int c) {
        if (c == 0x200C || c == 0x200D) {
            return false;
        }
        return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
    }

    /** The trimmed name, or a 400 if it is missing, too long, has control characters or is already in use. */
    public static String checkName(String name, Collection<String> liveNames) {
        if (name == null || name.isBlank()) {
            throw Refusal.invalid("invalid_name", "A token needs a name.");
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_LENGTH) {
            throw Refusal.invalid("invalid_name", "A token name can have at most " + MAX_NAME_LENGTH + " characters.");
        }
        if (trimmed.codePoints().anyMatch(CreateRules::isControl)) {
            throw Refusal.invalid("invalid_name", "A token name cannot contain control characters.");
        }
        if (liveNames.contains(trimmed)) {
            throw Refusal.invalid("duplicate_name", "You already have a token named '" + trimmed + "'.");
        }
        return trimmed;
    }

    /** The expiry in epoch seconds (null = never) for a request, or a 400 if the policy does not allow it. */
    public static Long expiresAt(Integer expirationDays, Long expiresAt, PatPolicy policy, long now) {
        if (expirationDays != null && expiresAt != null) {
            throw Refusal.invalid("invalid_expiration", "Give either expirationDays or expiresAt, not both.");
        }
        if (expirationDays != null) {
            if (!policy.expirationDays().contains(expirationDays) || expirationDays > policy.maxLifetimeDays()) {
                throw Refusal.invalid("invalid_expiration",
                        "expirationDays must be one of " + offeredDays(policy) + ".");
            }
            return now + expirationDays * PatPolicy.DAY_SECONDS;
        }
        if (expiresAt != null) {
            if (expiresAt <= now) {
                throw Refusal.invalid("invalid_expiration", "expiresAt must be in the future.");
            }
            if (expiresAt > now + policy.maxLifetimeDays() * PatPolicy.DAY_SECONDS) {
                throw Refusal.invalid("invalid_expiration",
                        "A token can live at most " + policy.maxLifetimeDays() + " days.");
            }
            return expiresAt;
        }
        if (!policy.allowNoExpiration()) {
            throw Refusal.invalid("invalid_expiration",
                    "This realm requires an expiration: choose expirationDays or expiresAt.");
        }
        return null;
    }

    /** The expiry choices a user is offered: the policy's, within the max lifetime, sorted. */
    public static List<Integer> offeredDays(PatPolicy policy) {
        return policy.expirationDays().stream().filter(d -> d != null && d <= policy.maxLifetimeDays()).sorted().toList();
    }
}
