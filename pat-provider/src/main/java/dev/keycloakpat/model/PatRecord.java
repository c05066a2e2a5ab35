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
 * @param rotatedFrom the id of the token this one replaced by rotation, or null
 * @param rotatedTo   the id of the token that replaced this one by rotation, or null
 * @param lastUsedIps up to 5 client addresses of the last uses, newest first, or null
 * @param supersededAt epoch seconds from which this rotated-away token is dead (the end of its grace), or null.
 *                    The row is kept (never valid again) so that a later use is recognised as reuse.
 */
public record PatRecord(String id, String realmId, String userId, String publicId, String secretHash, String name,
                        String teamId, String teamKind, boolean write, List<String> roles, long createdAt,
                        Long expiresAt, Long lastUsedAt, Long expiryNotifiedAt, String rotatedFrom,
                        String rotatedTo, Long supersededAt, List<String> lastUsedIps) {

    /** The key under which a token's id travels: in introspection answers, exchanged JWTs and event details. */
    public static final String ID_KEY = "pat_id";

    public PatRecord(String id, String realmId, String userId, String publicId, String secretHash, String name,
                     String teamId, String teamKind, boolean write, List<String> roles, long createdAt,
                     Long expiresAt, Long lastUsedAt, Long expiryNotifiedAt) {
        this(id, realmId, userId, publicId, secretHash, name, teamId, teamKind, write, roles, createdAt, expiresAt,
                lastUsedAt, expiryNotifiedAt, null, null, null, null);
    }

    public PatRecord(String id, String realmId, String userId, String publicId, String secretHash, String name,
                     String teamId, String teamKind, boolean write, List<String> roles, long createdAt,
                     Long expiresAt, Long lastUsedAt, Long expiryNotifiedAt, String rotatedFrom, String rotatedTo,
                     Long supersededAt) {
        this(id, realmId, userId, publicId, secretHash, name, teamId, teamKind, write, roles, createdAt, expiresAt,
                lastUsedAt, expiryNotifiedAt, rotatedFrom, rotatedTo, supersededAt, null);
    }

    /** Rotated away and past its grace: dead, kept only to recognise reuse. */
    public boolean isSuperseded(long nowSeconds) {
        return supersededAt != null && supersededAt <= nowSeconds;
    }

    public boolean isExpired(long nowSeconds) {
        return expiresAt != null && expiresAt <= nowSeconds;
    }

    public String displayPrefix() {
        return dev.keycloakpat.token.PatToken.displayPrefix(publicId);
    }
}
