package dev.keycloakpat.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloakpat.it.harness.Http;
import dev.keycloakpat.it.harness.KeycloakIT;
import dev.keycloakpat.it.harness.KeycloakServer;
import dev.keycloakpat.it.harness.Pats;
import dev.keycloakpat.it.harness.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kcadm.sh lines docs/admin.md shows, run with the distribution's own kcadm.sh against the server. */
@KeycloakIT
class KcadmIT {

    @TempDir
    Path tmp;

    @Test
    void theDocumentedKcadmLinesListRevokeAndChangeThePolicy(KeycloakServer server, TestRealm realm) throws Exception {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"none\"}");
        String aliceId = realm.createUser("alice", "alice-pw");
        realm.pats().ensureIntrospector();
        String alice = realm.pats().userToken("alice", "alice-pw");
        JsonNode created = realm.pats().create(alice, Pats.request("kcadm-listed"));
        String id = created.path("id").asText();

        Path config = tmp.resolve("kcadm.config");
        kcadm(server, config, "config", "credentials", "--server", server.baseUrl(), "--realm", "master",
                "--user", KeycloakServer.ADMIN_USER, "--password", KeycloakServer.ADMIN_PASSWORD);

        JsonNode list = Http.JSON.readTree(kcadm(server, config, "get", "personal-access-tokens", "-r", realm.name(),
                "-q", "userId=" + aliceId, "-q", "max=20"));
        assertEquals(1, list.size(), list::toString);
        assertEquals(id, list.get(0).path("id").asText());
        assertEquals("alice", list.get(0).path("username").asText());

        kcadm(server, config, "delete", "personal-access-tokens/" + id, "-r", realm.name());
        assertFalse(realm.pats().active(created.path("token").asText()));
        assertEquals(List.of(), realm.pats().adminListIds("?userId=" + aliceId));

        JsonNode policy = Http.JSON.readTree(kcadm(server, config, "get", "personal-access-tokens/policy", "-r", realm.name()));
        assertEquals(365, policy.path("maxLifetimeDays").asInt(), policy::toString);

        kcadm(server, config, "update", "personal-access-tokens/policy", "-r", realm.name(),
                "-s", "maxLifetimeDays=90", "-s", "writeAllowed=false");
        JsonNode after = realm.pats().adminPolicy();
        assertEquals(90, after.path("maxLifetimeDays").asInt(), after::toString);
        assertFalse(after.path("writeAllowed").asBoolean(), after::toString);
        assertEquals("none", after.path("teamSource").asText(), "other fields untouched: " + after);

        kcadm(server, config, "update", "personal-access-tokens/policy", "-r", realm.name(),
                "-s", "rotationGraceMaxSeconds=3600", "-s", "unusedRevokeDays=90");
        JsonNode lifecycle = realm.pats().adminPolicy();
        assertEquals(3600, lifecycle.path("rotationGraceMaxSeconds").asInt(), lifecycle::toString);
        assertEquals(90, lifecycle.path("unusedRevokeDays").asInt(), lifecycle::toString);
        assertEquals(90, lifecycle.path("maxLifetimeDays").asInt(), "other fields untouched: " + lifecycle);

        Result refused = run(server, config, "update", "personal-access-tokens/policy", "-r", realm.name(),
                "-s", "maxLifetimeDays=0");
        assertTrue(refused.exit != 0, "kcadm reports the refused update: " + refused.output);
        assertTrue(refused.output.contains("invalid_policy"), refused.output);
        assertEquals(90, realm.pats().adminPolicy().path("maxLifetimeDays").asInt());
    }

    /**
     * The kcadm.sh lines of README and docs/admin.md for service-account tokens and incidents
     * (docs/api.md, "Service accounts and incidents").
     */
    @Test
    void theDocumentedKcadmLinesForMachinesAndIncidents(KeycloakServer server, TestRealm realm) throws Exception {
        realm.setAttribute("kcpat.policy", "{\"teamSource\":\"groups\"}");
        realm.pats().ensureIntrospector();
        String teamId = realm.createGroup("ops");
        String bobId = realm.createUser("bob", "bob-pw");
        realm.joinGroup(bobId, teamId);
        String leaked = realm.pats().create(realm.pats().userToken("bob", "bob-pw"),
                Pats.request("ci-leaky").put("teamId", teamId).put("expirationDays", 30)).path("token").asText();
        String clientUuid = ServiceAccountTokenIT.serviceAccountClient(realm, "ci-bot");
        String saUser = ServiceAccountTokenIT.serviceAccountUser(realm, clientUuid);

        Path config = tmp.resolve("kcadm.config");
        kcadm(server, config, "config", "credentials", "--server", server.baseUrl(), "--realm", "master",
                "--user", KeycloakServer.ADMIN_USER, "--password", KeycloakServer.ADMIN_PASSWORD);

        // CLIENT_UUID=$(kcadm.sh get clients -r demo -q clientId=ci-bot --fields id --format csv --noquotes)
        assertEquals(clientUuid, kcadm(server, config, "get", "clients", "-r", realm.name(), "-q", "clientId=ci-bot",
                "--fields", "id", "--format", "csv", "--noquotes").trim());

        // SA_ID=$(kcadm.sh get clients/$CLIENT_UUID/service-account-user -r demo --fields id --format csv --noquotes)
        String saId = kcadm(server, config, "get", "clients/" + clientUuid + "/service-account-user", "-r", realm.name(),
                "--fields", "id", "--format", "csv", "--noquotes").trim();
        assertEquals(saUser, saId);
        // kcadm.sh update users/$SA_ID/groups/$TEAM_ID -r demo -s realm=demo -s userId=$SA_ID -s groupId=$TEAM_ID -n
        kcadm(server, config, "update", "users/" + saId + "/groups/" + teamId, "-r", realm.name(), "-s", "realm=" + realm.name(),
                "-s", "userId=" + saId, "-s", "groupId=" + teamId, "-n");
        // kcadm.sh create personal-access-tokens -r demo -s userId=$SA_ID -s name=ci-deploy -s teamId=$TEAM_ID -s expirationDays=30 -o
        JsonNode created = Http.JSON.readTree(kcadm(server, config, "create", "personal-access-tokens", "-r", realm.name(),
                "-s", "userId=" + saId, "-s", "name=ci-deploy", "-s", "teamId=" + teamId, "-s", "expirationDays=30", "-o"));
        String saPat = created.path("token").asText();
        assertTrue(saPat.startsWith("kcpat_"), created::toString);
        assertEquals("service-account-ci-bot", realm.pats().introspectJson(saPat).path("username").asText());

        // kcadm.sh create personal-access-tokens/lookup -r demo -s token=$LEAKED -o
        JsonNode owner = Http.JSON.readTree(kcadm(server, config, "create", "personal-access-tokens/lookup", "-r", realm.name(),
                "-s", "token=" + leaked, "-o"));
        assertEquals("bob", owner.path("username").asText(), owner::toString);
        assertEquals("ci-leaky", owner.path("name").asText());

        // kcadm.sh get personal-access-tokens -r demo -q search=ci- -q status=active
        JsonNode found = Http.JSON.readTree(kcadm(server, config, "get", "personal-access-tokens", "-r", realm.name(),
                "-q", "search=ci-", "-q", "status=active"));
        assertEquals(2, found.size(), found::toString);

        // kcadm.sh create personal-access-tokens/revoke -r demo -s userId=$USER_ID -o
        JsonNode byUser = Http.JSON.readTree(kcadm(server, config, "create", "personal-access-tokens/revoke", "-r", realm.name(),
                "-s", "userId=" + bobId, "-o"));
        assertEquals(1, byUser.path("revoked").asInt(), byUser::toString);
        assertFalse(realm.pats().active(leaked));

        // kcadm.sh create personal-access-tokens/revoke -r demo -s teamId=$TEAM_ID -o
        JsonNode byTeam = Http.JSON.readTree(kcadm(server, config, "create", "personal-access-tokens/revoke", "-r", realm.name(),
                "-s", "teamId=" + teamId, "-o"));
        assertEquals(1, byTeam.path("revoked").asInt(), byTeam::toString);
        assertFalse(realm.pats().active(saPat));

        Result refused = run(server, config, "create", "personal-access-tokens", "-r", realm.name(),
                "-s", "userId=" + bobId, "-s", "name=not-a-machine", "-s", "teamId=" + teamId, "-s", "expirationDays=30", "-o");
        assertTrue(refused.exit != 0, refused.output);
        assertTrue(refused.output.contains("not_a_service_account"), refused.output);
    }

    record Result(int exit, String output) {
    }

    private String kcadm(KeycloakServer server, Path config, String... args) throws Exception {
        Result r = run(server, config, args);
        if (r.exit != 0) {
            throw new AssertionError("kcadm.sh " + String.join(" ", args) + " failed (" + r.exit + "): " + r.output);
        }
        return r.output;
    }

    private Result run(KeycloakServer server, Path config, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/bin/bash");
        command.add(server.config().kcHome().resolve("bin/kcadm.sh").toString());
        command.addAll(List.of(args));
        command.add("--config");
        command.add(config.toString());
        Path out = tmp.resolve("kcadm-" + System.nanoTime() + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kcadm.sh " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
