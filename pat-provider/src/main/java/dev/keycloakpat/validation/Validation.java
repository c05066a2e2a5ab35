package dev.keycloakpat.validation;

import org.keycloak.models.UserModel;

import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.roles.LiveRoles;
import dev.keycloakpat.team.Team;

/**
 * The result of validating a token. When valid: the token, its owner, its team (null without teams),
 * the live narrowed roles and whether it may write now. When not: the outcome and, where known, the token;
 * for {@link Outcome#RATE_LIMITED} the seconds to wait.
 */
public record Validation(Outcome outcome, PatRecord token, UserModel user, Team team, LiveRoles roles, boolean write,
                         long retryAfterSeconds) {

    public Validation(Outcome outcome, PatRecord token, UserModel user, Team team, LiveRoles roles, boolean write) {
        this(outcome, token, user, team, roles, write, 0);
    }

    public static Validation failed(Outcome outcome, PatRecord token) {
        return new Validation(outcome, token, null, null, null, false);
    }

    public boolean valid() {
        return outcome == Outcome.VALID;
    }

    /** "read" or "read write". */
    public String scope() {
        return write ? "read write" : "read";
    }
}
