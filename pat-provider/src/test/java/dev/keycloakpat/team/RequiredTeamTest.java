package dev.keycloakpat.team;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.team.RequiredTeam.Result;

class RequiredTeamTest {

    private static final Team ENG_PLATFORM = new Team("id-eng-platform", "platform", Team.KIND_GROUP);
    private static final Team OPS_SRE = new Team("id-ops-sre", "sre", Team.KIND_GROUP);
    private static final Team ACME = new Team("id-acme", "Acme", Team.KIND_ORGANIZATION);

    /** A realm with the groups /eng/platform, /sales/platform and /ops/sre; records the name searches. */
    private static final class Realm implements RequiredTeam.Directory {
        final List<String> searches = new ArrayList<>();
        private final Map<String, String> paths = Map.of("id-eng-platform", "/eng/platform", "id-ops-sre", "/ops/sre");
        private final Map<String, Integer> names = Map.of("platform", 2, "sre", 1, "eng", 1, "sales", 1, "ops", 1);

        @Override
        public String pathOf(Team team) {
            return paths.get(team.id());
        }

        @Override
        public boolean nameIsShared(String name) {
            searches.add(name);
            return names.getOrDefault(name, 0) > 1;
        }
    }

    /** Organizations: no paths, unique names. */
    private static final RequiredTeam.Directory ORGANIZATIONS = new RequiredTeam.Directory() {
    };

    /** The group teams of one realm, new for each test: the name searches it records are that test's. */
    private final Realm realm = new Realm();

    @Test
    void theTeamsIdMatchesWithoutAnyLookup() {
        assertEquals(Result.MATCH, RequiredTeam.check("id-eng-platform", ENG_PLATFORM, realm));
        assertEquals(List.of(), realm.searches);
    }

    @Test
    void theFullPathMatchesAndAnotherPathDoesNot() {
        assertEquals(Result.MATCH, RequiredTeam.check("/eng/platform", ENG_PLATFORM, realm));
        assertEquals(Result.OTHER, RequiredTeam.check("/sales/platform", ENG_PLATFORM, realm));
        assertEquals(Result.OTHER, RequiredTeam.check("/platform", ENG_PLATFORM, realm));
        assertEquals(Result.OTHER, RequiredTeam.check("/eng/Platform", ENG_PLATFORM, realm), "paths are case-sensitive");
        assertEquals(List.of(), realm.searches, "a path needs no name search");
    }

    @Test
    void aBareNameTwoTeamsShareIsAmbiguousForEveryToken() {
        assertEquals(Result.AMBIGUOUS, RequiredTeam.check("platform", ENG_PLATFORM, realm));
        assertEquals(Result.AMBIGUOUS, RequiredTeam.check("platform", OPS_SRE, realm));
        assertEquals(Result.AMBIGUOUS, RequiredTeam.check("platform", null, realm));
    }

    @Test
    void aUniqueBareNameMatchesItsTeamOnly() {
        assertEquals(Result.MATCH, RequiredTeam.check("sre", OPS_SRE, realm));
        assertEquals(Result.OTHER, RequiredTeam.check("sre", ENG_PLATFORM, realm));
        assertEquals(Result.OTHER, RequiredTeam.check("Sre", OPS_SRE, realm), "names are case-sensitive");
        assertEquals(Result.OTHER, RequiredTeam.check("nope", OPS_SRE, realm));
        assertEquals(Result.OTHER, RequiredTeam.check("id-eng-platform", OPS_SRE, realm), "another team's id");
    }

    @Test
    void withoutATeamNothingMatches() {
        assertEquals(Result.OTHER, RequiredTeam.check("sre", null, new Realm()));
        assertEquals(Result.OTHER, RequiredTeam.check("/ops/sre", null, new Realm()));
    }

    @Test
    void organizationsMatchByIdOrNameAndHaveNoPaths() {
        assertEquals(Result.MATCH, RequiredTeam.check("id-acme", ACME, ORGANIZATIONS));
        assertEquals(Result.MATCH, RequiredTeam.check("Acme", ACME, ORGANIZATIONS));
        assertEquals(Result.OTHER, RequiredTeam.check("/Acme", ACME, ORGANIZATIONS));
        assertEquals(Result.OTHER, RequiredTeam.check("acme", ACME, ORGANIZATIONS));
    }
}
