package dev.keycloakpat.service;

import java.util.List;

/**
 * A create call (docs/api.md, "Self-service API"): the token's name, team, expiry, write access and roles (null: all of
 * the owner's).
 */
public record CreateRequest(String name, String teamId, Integer expirationDays, Long expiresAt, boolean write,
                            List<String> roles) {
}
