package dev.keycloakpat.team;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import dev.keycloakpat.policy.PatPolicy;

/**
 * Where a realm's teams come from (policy {@code teamSource}): groups, organizations or none.
 * Membership is always read live from Keycloak's (cached) models.
 */
public abstract class Teams implements RequiredTeam.Directory {

    public static Teams of(KeycloakSession session, RealmModel realm, PatPolicy policy) {
        return switch (policy.teamSource()) {
            case PatPolicy.TEAM_SOURCE_ORGANIZATIONS -> new Organizations(session, realm);
            case PatPolicy.TEAM_SOURCE_NONE -> new None();
            default -> new Groups(session, realm, policy.teamParentGroup());
        };
    }

    /** Whether tokens of this realm must be bound to a team. */
    public abstract boolean enabled();

    /** The teams the user is a member of now, by name. */
    public abstract List<Team> teamsOf(UserModel user);

    /** The team with this id, if it still exists and is a team. */
    public abstract Optional<Team> find(String teamId);

    /** Whether the user is a member of the team now. */
    public boolean isMember(UserModel user, String teamId) {
        return teamsOf(user).stream().anyMatch(t -> t.id().equals(teamId));
    }

    /** Whether an {@code X-Required-Team} value names this team: id, full group path, or a name no other team has. */
    public RequiredTeam.Result matchRequired(String required, Team team) {
        return RequiredTeam.check(required, team, this);
    }

    static final class Groups extends Teams {
        /** Groups whose names differ only in case come back too on case-insensitive databases; this many are read at most. */
        private static final int NAME_SEARCH_LIMIT = 100;
        private final KeycloakSession session;
        private final RealmModel realm;
        private final String parentPath;

        Groups(KeycloakSession session, RealmModel realm, String parentPath) {
            this.session = session;
            this.realm = realm;
            this.parentPath = parentPath == null || parentPath.isBlank() ? null : parentPath;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public List<Team> teamsOf(UserModel user) {
            Stream<GroupModel> groups = user.getGroupsStream();
            if (parentPath != null) {
                GroupModel parent = KeycloakModelUtils.findGroupByPath(session, realm, parentPath);
                if (parent == null) {
                    return List.of();
                }
                groups = groups.filter(g -> parent.getId().equals(g.getParentId()));
            }
            return groups.map(Groups::toTeam).sorted(Comparator.comparing(Team::name)).toList();
        }

        @Override
        public boolean isMember(UserModel user, String teamId) {
            return teamsOf(user).stream().anyMatch(t -> t.id().equals(teamId));
        }

        @Override
        public Optional<Team> find(String teamId) {
            GroupModel g = realm.getGroupById(teamId);
            return Optional.ofNullable(g).map(Groups::toTeam);
        }

        @Override
        public String pathOf(Team team) {
            GroupModel g = realm.getGroupById(team.id());
            return g == null ? null : KeycloakModelUtils.buildGroupPath(g);
        }

        /**
         * With a parent group, teams are its children, whose names Keycloak keeps unique. Without one, every group
         * is a team: one exact-name search (a database query, no scan of the realm's groups; the equality is
         * repeated here because some databases compare case-insensitively).
         */
        @Override
        public boolean nameIsShared(String name) {
            if (parentPath != null) {
                return false;
            }
            return session.groups().searchForGroupByNameStream(realm, name, true, 0, NAME_SEARCH_LIMIT)
                    .filter(g -> name.equals(g.getName()))
                    .limit(2)
                    .count() > 1;
        }

        private static Team toTeam(GroupModel g) {
            return new Team(g.getId(), g.getName(), Team.KIND_GROUP);
        }
    }

    static final class Organizations extends Teams {
        private final KeycloakSession session;
        private final RealmModel realm;

        Organizations(KeycloakSession session, RealmModel realm) {
            this.session = session;
            this.realm = realm;
        }

        private OrganizationProvider provider() {
            return realm.isOrganizationsEnabled() ? session.getProvider(OrganizationProvider.class) : null;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public List<Team> teamsOf(UserModel user) {
            OrganizationProvider orgs = provider();
            if (orgs == null) {
                return List.of();
            }
            return orgs.getByMember(user).filter(OrganizationModel::isEnabled).map(Organizations::toTeam)
                    .sorted(Comparator.comparing(Team::name)).toList();
        }

        @Override
        public boolean isMember(UserModel user, String teamId) {
            OrganizationProvider orgs = provider();
            if (orgs == null) {
                return false;
            }
            OrganizationModel org = orgs.getById(teamId);
            return org != null && org.isEnabled() && orgs.isMember(org, user);
        }

        @Override
        public Optional<Team> find(String teamId) {
            OrganizationProvider orgs = provider();
            return orgs == null ? Optional.empty() : Optional.ofNullable(orgs.getById(teamId)).map(Organizations::toTeam);
        }

        private static Team toTeam(OrganizationModel o) {
            return new Team(o.getId(), o.getName(), Team.KIND_ORGANIZATION);
        }
    }

    static final class None extends Teams {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public List<Team> teamsOf(UserModel user) {
            return List.of();
        }

        @Override
        public boolean isMember(UserModel user, String teamId) {
            return teamId == null;
        }

        @Override
        public Optional<Team> find(String teamId) {
            return Optional.empty();
        }
    }
}
