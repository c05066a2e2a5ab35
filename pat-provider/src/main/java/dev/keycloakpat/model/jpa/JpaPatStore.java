package dev.keycloakpat.model.jpa;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;

import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.models.jpa.entities.UserEntity;

import dev.keycloakpat.model.LastUse;
import dev.keycloakpat.model.PatRecord;
import dev.keycloakpat.model.PatStore;
import dev.keycloakpat.model.TokenSearch;

final class JpaPatStore implements PatStore {

    private final EntityManager em;

    JpaPatStore(EntityManager em) {
        this.em = em;
    }

    @Override
    public void add(PatRecord t) {
        PatEntity e = new PatEntity();
        e.setId(t.id());
        e.setRealmId(t.realmId());
        e.setUserId(t.userId());
        e.setPublicId(t.publicId());
        e.setSecretHash(t.secretHash());
        e.setName(t.name());
        e.setTeamId(t.teamId());
        e.setTeamKind(t.teamKind());
        e.setWrite(t.write());
        e.setRoles(t.roles() == null ? null : String.join("\n", t.roles()));
        e.setCreatedAt(t.createdAt());
        e.setExpiresAt(t.expiresAt());
        e.setLastUsedAt(t.lastUsedAt());
        e.setExpiryNotifiedAt(t.expiryNotifiedAt());
        e.setRotatedFrom(t.rotatedFrom());
        e.setRotatedTo(t.rotatedTo());
        e.setSupersededAt(t.supersededAt());
        e.setLastUsedIps(t.lastUsedIps() == null || t.lastUsedIps().isEmpty() ? null : String.join(",", t.lastUsedIps()));
        em.persist(e);
        em.flush();
    }

    @Override
    public Optional<PatRecord> findByPublicId(String realmId, String publicId) {
        return em.createNamedQuery("kcpat.findByPublicId", PatEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("publicId", publicId)
                .getResultStream().findFirst().map(JpaPatStore::toRecord);
    }

    @Override
    public Optional<PatRecord> findById(String realmId, String id) {
        PatEntity e = em.find(PatEntity.class, id);
        return e == null || !e.getRealmId().equals(realmId) ? Optional.empty() : Optional.of(toRecord(e));
    }

    @Override
    public List<PatRecord> listByUser(String realmId, String userId) {
        return em.createNamedQuery("kcpat.listByUser", PatEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultStream().map(JpaPatStore::toRecord).toList();
    }

    @Override
    public List<PatRecord> list(String realmId, String userId, int first, int max) {
        var query = userId == null
                ? em.createNamedQuery("kcpat.listByRealm", PatEntity.class).setParameter("realmId", realmId)
                : em.createNamedQuery("kcpat.listByUser", PatEntity.class).setParameter("realmId", realmId).setParameter("userId", userId);
        return query.setFirstResult(first).setMaxResults(max).getResultStream().map(JpaPatStore::toRecord).toList();
    }

    @Override
    public List<PatRecord> search(String realmId, String userId, TokenSearch search, long now, int first, int max) {
        StringBuilder jpql = new StringBuilder("select t from PatEntity t where t.realmId = :realmId");
        if (userId != null) {
            jpql.append(" and t.userId = :userId");
        }
        if (search.nameContains() != null) {
            jpql.append(" and lower(t.name) like :name escape '!'");
        }
        if (search.publicIdStart() != null) {
            jpql.append(" and t.publicId like :idStart escape '!'");
        }
        if (search.teamId() != null) {
            jpql.append(" and t.teamId = :teamId");
        }
        if (TokenSearch.ACTIVE.equals(search.status())) {
            jpql.append(" and (t.expiresAt is null or t.expiresAt > :now) and (t.supersededAt is null or t.supersededAt > :now)");
        } else if (TokenSearch.EXPIRED.equals(search.status())) {
            // a rotated-away token past its grace is no longer valid: shown (and found) as expired until retention
            jpql.append(" and ((t.expiresAt is not null and t.expiresAt <= :now) or t.supersededAt <= :now)");
        }
        jpql.append(" order by t.createdAt desc, t.id");
        TypedQuery<PatEntity> query = em.createQuery(jpql.toString(), PatEntity.class).setParameter("realmId", realmId);
        if (userId != null) {
            query.setParameter("userId", userId);
        }
        if (search.nameContains() != null) {
            query.setParameter("name", "%" + TokenSearch.likeLiteral(search.nameContains()) + "%");
        }
        if (search.publicIdStart() != null) {
            query.setParameter("idStart", TokenSearch.likeLiteral(search.publicIdStart()) + "%");
        }
        if (search.teamId() != null) {
            query.setParameter("teamId", search.teamId());
        }
        if (search.status() != null) {
            query.setParameter("now", now);
        }
        return query.setFirstResult(first).setMaxResults(max).getResultStream().map(JpaPatStore::toRecord).toList();
    }

    @Override
    public List<PatRecord> listByTeam(String realmId, String teamId) {
        return em.createNamedQuery("kcpat.listByTeam", PatEntity.class)
                .setParameter("realmId", realmId).setParameter("teamId", teamId)
                .getResultStream().map(JpaPatStore::toRecord).toList();
    }

    /**
     * {@code SELECT … FOR UPDATE} on the owner's row in Keycloak's user table (on every database Keycloak supports);
     * a user without a local row (federated, not imported) locks the realm's row instead, which only serialises
     * token creation for such users within the realm.
     */
    @Override
    public void lockOwner(String realmId, String userId) {
        UserEntity user = em.find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !realmId.equals(user.getRealmId())) {
            em.find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        }
    }

    @Override
    public long countLive(String realmId, String userId, long now) {
        return em.createNamedQuery("kcpat.countLive", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setParameter("now", now)
                .getSingleResult();
    }

    @Override
    public boolean delete(String realmId, String id) {
        PatEntity e = em.find(PatEntity.class, id);
        if (e == null || !e.getRealmId().equals(realmId)) {
            return false;
        }
        em.remove(e);
        em.flush();
        return true;
    }

    @Override
    public int deleteByUser(String realmId, String userId) {
        return em.createNamedQuery("kcpat.deleteByUser").setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
    }

    @Override
    public int deleteByRealm(String realmId) {
        return em.createNamedQuery("kcpat.deleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    @Override
    public int deleteByTeam(String realmId, String teamId) {
        return em.createNamedQuery("kcpat.deleteByTeam").setParameter("realmId", realmId).setParameter("teamId", teamId).executeUpdate();
    }

    @Override
    public void updateLastUsed(Map<String, LastUse> usesById) {
        usesById.forEach((id, use) -> em.createNamedQuery("kcpat.updateLastUsed")
                .setParameter("id", id).setParameter("at", use.at())
                .setParameter("ips", use.ips().isEmpty() ? null : String.join(",", use.ips())).executeUpdate());
    }

    @Override
    public List<PatRecord> findExpiringUnnotified(String realmId, long now, long until, int max) {
        return em.createNamedQuery("kcpat.findExpiringUnnotifiedInRealm", PatEntity.class).setParameter("realmId", realmId)
                .setParameter("now", now).setParameter("until", until).setMaxResults(max)
                .getResultStream().map(JpaPatStore::toRecord).toList();
    }

    @Override
    public void markNotified(String id, long at) {
        em.createNamedQuery("kcpat.markNotified").setParameter("id", id).setParameter("at", at).executeUpdate();
    }

    @Override
    public int deleteExpiredBefore(String realmId, long expiredBefore) {
        return em.createNamedQuery("kcpat.deleteExpiredBefore").setParameter("realmId", realmId)
                .setParameter("before", expiredBefore).executeUpdate();
    }

    @Override
    public boolean markRotated(String id, String successorId, long supersededAt) {
        int n = em.createNamedQuery("kcpat.markRotated").setParameter("id", id).setParameter("to", successorId)
                .setParameter("at", supersededAt).executeUpdate();
        return n == 1;
    }

    @Override
    public List<PatRecord> findUnusedSince(String realmId, long before, int max) {
        return em.createNamedQuery("kcpat.findUnused", PatEntity.class).setParameter("realmId", realmId)
                .setParameter("before", before).setMaxResults(max)
                .getResultStream().map(JpaPatStore::toRecord).toList();
    }

    @Override
    public List<PatRecord> findUnusedUnreminded(String realmId, long before, int max) {
        return em.createNamedQuery("kcpat.findUnusedUnreminded", PatEntity.class).setParameter("realmId", realmId)
                .setParameter("before", before).setMaxResults(max)
                .getResultStream().map(JpaPatStore::toRecord).toList();
    }

    @Override
    public void markUnusedNotified(String id, long at) {
        em.createNamedQuery("kcpat.markUnusedNotified").setParameter("id", id).setParameter("at", at).executeUpdate();
    }

    @Override
    public int deleteSupersededBefore(String realmId, long before) {
        return em.createNamedQuery("kcpat.deleteSupersededBefore").setParameter("realmId", realmId)
                .setParameter("before", before).executeUpdate();
    }

    static PatRecord toRecord(PatEntity e) {
        List<String> roles = e.getRoles() == null ? null
                : e.getRoles().isEmpty() ? List.of() : Arrays.asList(e.getRoles().split("\n"));
        return new PatRecord(e.getId(), e.getRealmId(), e.getUserId(), e.getPublicId(), e.getSecretHash(), e.getName(),
                e.getTeamId(), e.getTeamKind(), e.isWrite(), roles, e.getCreatedAt(), e.getExpiresAt(),
                e.getLastUsedAt(), e.getExpiryNotifiedAt(), e.getRotatedFrom(), e.getRotatedTo(), e.getSupersededAt(),
                e.getLastUsedIps() == null || e.getLastUsedIps().isEmpty() ? null : List.of(e.getLastUsedIps().split(",")));
    }
}
