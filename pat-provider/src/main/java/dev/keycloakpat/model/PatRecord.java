package dev.keycloakpat.model;

import java.util.List;

/**
 * A stored personal access token, as the rest of the extension sees it (no JPA types).
 *
 * @param id          internal id (UUID), used in REST paths
 * @param realmId     realm the token belongs to
 * @param userId      owner
 * @param publicId    non-secret public id, unique, part of the token
 * @param secretHash  bcrypt hash of the secret part
 * @param name        owner-chosen name, unique among the owner's live tokens
 * @param teamId      team the token is bound to, or null when the realm has no teams
 * @param teamKind    "group" or "organization" (or null)
 * @param write       whether the token grants write access
 * @param roles       narrowing list ("realm-role" or "client-id/client-role"), or null for all live roles
 * @param createdAt   epoch seconds
 * @param expiresAt   epoch seconds, or null for no expiry
 * @param lastUsedAt  epoch seconds, or null if never used
 * @param expiryNotifiedAt epoch seconds when the expiry reminder was sent, or null
 */
public record PatRecord(String id, String realmId, String userId, String publicId, String secretHash, String name,
                        String teamId, String teamKind, boolean write, List<String> roles, long createdAt,
                        Long expiresAt, Long lastUsedAt, Long expiryNotifiedAt) {

    public boolean isExpired(long nowSeconds) {
        return expiresAt != null && expiresAt <= nowSeconds;
    }

    public String displayPrefix() {
        return dev.keycloakpat.token.PatToken.displayPrefix(publicId);
    }
}
