package dev.keycloakpat.rest.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.token.PatToken;

class AdminBodiesTest {

    @Test
    void bulkRevokeTakesExactlyOneOfUserIdAndTeamId() {
        assertEquals("u1", AdminBodies.bulkRevoke("{\"userId\":\"u1\"}").userId());
        assertNull(AdminBodies.bulkRevoke("{\"teamId\":\"t1\"}").userId());
        for (String body : List.of("{}", "{\"userId\":\"u\",\"teamId\":\"t\"}", "{\"userId\":1}", "{\"userId\":\" \"}",
                "{\"user\":\"u\"}", "[]", "")) {
            Refusal e = assertThrows(Refusal.class, () -> AdminBodies.bulkRevoke(body), body);
            assertEquals(400, dev.keycloakpat.rest.Json.status(e));
            assertEquals("invalid_request", e.error(), body);
        }
    }

    @Test
    void lookupTakesAWholeWellFormedToken() {
        String token = PatToken.generate().encode();
        assertEquals(token, AdminBodies.token("{\"token\":\"" + token + "\"}"));
        assertEquals("invalid_token", assertThrows(Refusal.class,
                () -> AdminBodies.token("{\"token\":\"" + token.substring(1) + "\"}")).error());
        assertEquals("invalid_request", assertThrows(Refusal.class, () -> AdminBodies.token("{\"tokens\":[]}")).error());
        assertEquals("invalid_json", assertThrows(Refusal.class, () -> AdminBodies.token("{")).error());
    }

    @Test
    void aServiceAccountRequestIsACreateRequestPlusUserId() {
        ServiceAccountRequest r = ServiceAccountRequest.parse("{\"userId\":\"sa\",\"name\":\"ci\",\"expirationDays\":30,\"roles\":[\"r\"]}");
        assertEquals("sa", r.userId());
        assertEquals("ci", r.create().name());
        assertEquals(30, r.create().expirationDays());
        assertEquals(List.of("r"), r.create().roles());
        assertEquals("invalid_request", assertThrows(Refusal.class, () -> ServiceAccountRequest.parse("{\"name\":\"ci\"}")).error());
        assertEquals("invalid_request", assertThrows(Refusal.class,
                () -> ServiceAccountRequest.parse("{\"userId\":\"sa\",\"name\":\"ci\",\"owner\":1}")).error());
    }

    @Test
    void aPolicyBodyIsAJsonObjectOfPolicyFields() {
        assertEquals(90, AdminBodies.policy(PatPolicy.defaults(), "{\"maxLifetimeDays\":90}").maxLifetimeDays());
        assertEquals("invalid_json", assertThrows(Refusal.class,
                () -> AdminBodies.policy(PatPolicy.defaults(), "{maxLifetimeDays")).error());
        for (String body : List.of("[1]", "", "  ", "7")) {
            Refusal e = assertThrows(Refusal.class, () -> AdminBodies.policy(PatPolicy.defaults(), body), body);
            assertEquals("invalid_policy", e.error(), body);
            assertEquals(400, dev.keycloakpat.rest.Json.status(e));
        }
    }
}
