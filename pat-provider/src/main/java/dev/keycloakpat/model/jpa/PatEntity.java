package dev.keycloakpat.model.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

@Entity
@Table(name = "KCPAT_TOKEN")
@NamedQueries({
        @NamedQuery(name = "kcpat.findByPublicId",
                query = "select t from PatEntity t where t.realmId = :realmId and t.publicId = :publicId"),
        @NamedQuery(name = "kcpat.listByUser",
                query = "select t from PatEntity t where t.realmId = :realmId and t.userId = :userId order by t.createdAt desc, t.id"),
        @NamedQuery(name = "kcpat.listByRealm",
                query = "select t from PatEntity t where t.realmId = :realmId order by t.createdAt desc, t.id"),
        @NamedQuery(name = "kcpat.listByTeam",
                query = "select t from PatEntity t where t.realmId = :realmId and t.teamId = :teamId order by t.createdAt desc, t.id"),
        @NamedQuery(name = "kcpat.countLive",
                query = "select count(t) from PatEntity t where t.realmId = :realmId and t.userId = :userId and (t.expiresAt is null or t.expiresAt > :now) and (t.supersededAt is null or t.supersededAt > :now)"),
        @NamedQuery(name = "kcpat.deleteByUser",
                query = "delete from PatEntity t where t.realmId = :realmId and t.userId = :userId"),
        @NamedQuery(name = "kcpat.deleteByTeam",
                query = "delete from PatEntity t where t.realmId = :realmId and t.teamId = :teamId"),
        @NamedQuery(name = "kcpat.deleteByRealm",
                query = "delete from PatEntity t where t.realmId = :realmId"),
        @NamedQuery(name = "kcpat.updateLastUsed",
                query = "update PatEntity t set t.lastUsedAt = :at, t.lastUsedIps = :ips where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :at)"),
        @NamedQuery(name = "kcpat.findExpiringUnnotifiedInRealm",
                query = "select t from PatEntity t where t.realmId = :realmId and t.expiresAt > :now and t.expiresAt <= :until and t.expiryNotifiedAt is null and t.rotatedTo is null order by t.expiresAt"),
        @NamedQuery(name = "kcpat.markNotified",
                query = "update PatEntity t set t.expiryNotifiedAt = :at where t.id = :id"),
        @NamedQuery(name = "kcpat.findUnused",
                query = "select t from PatEntity t where t.realmId = :realmId and t.supersededAt is null and ((t.lastUsedAt is null and t.createdAt < :before) or t.lastUsedAt < :before) order by t.createdAt"),
        @NamedQuery(name = "kcpat.findUnusedUnreminded",
                query = "select t from PatEntity t where t.realmId = :realmId and t.supersededAt is null and ((t.lastUsedAt is null and t.createdAt < :before) or t.lastUsedAt < :before) and (t.unusedNotifiedAt is null or t.unusedNotifiedAt < coalesce(t.lastUsedAt, t.createdAt)) order by t.createdAt"),
        @NamedQuery(name = "kcpat.markUnusedNotified",
                query = "update PatEntity t set t.unusedNotifiedAt = :at where t.id = :id"),
        @NamedQuery(name = "kcpat.markRotated",
                query = "update PatEntity t set t.rotatedTo = :to, t.supersededAt = :at where t.id = :id and t.rotatedTo is null"),
        @NamedQuery(name = "kcpat.deleteSupersededBefore",
                query = "delete from PatEntity t where t.realmId = :realmId and t.supersededAt is not null and t.supersededAt < :before"),
        @NamedQuery(name = "kcpat.deleteExpiredBefore",
                query = "delete from PatEntity t where t.realmId = :realmId and t.expiresAt is not null and t.expiresAt < :before")
})
public class PatEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "PUBLIC_ID", length = 32, nullable = false, unique = true)
    private String publicId;

    @Column(name = "SECRET_HASH", length = 100, nullable = false)
    private String secretHash;

    @Column(name = "NAME", length = 255, nullable = false)
    private String name;

    @Column(name = "TEAM_ID", length = 255)
    private String teamId;

    @Column(name = "TEAM_KIND", length = 20)
    private String teamKind;

    @Column(name = "WRITE_ACCESS", nullable = false)
    private boolean write;

    /** Narrowing list as a newline-separated string, or null for "all live roles". */
    @Column(name = "ROLES", length = 4000)
    private String roles;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "EXPIRY_NOTIFIED_AT")
    private Long expiryNotifiedAt;

    /** When the owner was told the token would be revoked as unused; a use after it makes it due again. */
    @Column(name = "UNUSED_NOTIFIED_AT")
    private Long unusedNotifiedAt;

    @Column(name = "ROTATED_FROM", length = 36)
    private String rotatedFrom;

    @Column(name = "ROTATED_TO", length = 36)
    private String rotatedTo;

    @Column(name = "SUPERSEDED_AT")
    private Long supersededAt;

    /** Up to 5 client addresses, newest first, comma-separated. */
    @Column(name = "LAST_USED_IPS", length = 400)
    private String lastUsedIps;

    public String getLastUsedIps() { return lastUsedIps; }
    public void setLastUsedIps(String lastUsedIps) { this.lastUsedIps = lastUsedIps; }
    public String getRotatedFrom() { return rotatedFrom; }
    public void setRotatedFrom(String rotatedFrom) { this.rotatedFrom = rotatedFrom; }
    public String getRotatedTo() { return rotatedTo; }
    public void setRotatedTo(String rotatedTo) { this.rotatedTo = rotatedTo; }
    public Long getSupersededAt() { return supersededAt; }
    public void setSupersededAt(Long supersededAt) { this.supersededAt = supersededAt; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getPublicId() { return publicId; }
    public void setPublicId(String publicId) { this.publicId = publicId; }
    public String getSecretHash() { return secretHash; }
    public void setSecretHash(String secretHash) { this.secretHash = secretHash; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getTeamId() { return teamId; }
    public void setTeamId(String teamId) { this.teamId = teamId; }
    public String getTeamKind() { return teamKind; }
    public void setTeamKind(String teamKind) { this.teamKind = teamKind; }
    public boolean isWrite() { return write; }
    public void setWrite(boolean write) { this.write = write; }
    public String getRoles() { return roles; }
    public void setRoles(String roles) { this.roles = roles; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long expiresAt) { this.expiresAt = expiresAt; }
    public Long getLastUsedAt() { return lastUsedAt; }
    public void setLastUsedAt(Long lastUsedAt) { this.lastUsedAt = lastUsedAt; }
    public Long getExpiryNotifiedAt() { return expiryNotifiedAt; }
    public void setExpiryNotifiedAt(Long expiryNotifiedAt) { this.expiryNotifiedAt = expiryNotifiedAt; }
    public Long getUnusedNotifiedAt() { return unusedNotifiedAt; }
    public void setUnusedNotifiedAt(Long unusedNotifiedAt) { this.unusedNotifiedAt = unusedNotifiedAt; }
}
