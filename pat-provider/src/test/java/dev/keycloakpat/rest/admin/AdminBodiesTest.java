package dev.keycloakpat.rest.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keycloakpat.service.PatException;
import dev.keycloakpat.token.PatToken;

class AdminBodiesTest {

    @Test
    void bulkRevokeTakesExactlyOneOfUserIdAndTeamId() {
        assertEquals("u1", AdminBodies.bulkRevoke("{\"userId\":\"u1\"}").userId());
        assertNull(AdminBodies.bulkRevoke("{\"teamId\":\"t1\"}").userId());
        for (String body : List.of("{}", "{\"userId\":\"u\",\"teamId\":\"t\"}", "{\"userId\":1}", "{\"userId\":\" \"}",
                "{\"user\":\"u\"}", "[]", "")) {
            PatException e = assertThrows(PatException.class, () -> AdminBodies.bulkRevoke(body), body);
            assertEquals(400, e.status());
            assertEquals("invalid_request", e.error(), body);
        }
    }

    @Test
    void lookupTakesAWholeWellFormedToken() {
        String token = PatToken.generate().encode();
        assertEquals(token, AdminBodies.token("{\"token\":\"" + token + "\"}"));
        assertEquals("invalid_token", assertThrows(PatException.class,
                () -> AdminBodies.token("{\"token\":\"" + token.substring(1) + "\"}")).error());
        assertEquals("invalid_request", assertThrows(PatException.class, () -> AdminBodies.token("{\"tokens\":[]}")).error());
        assertEquals("invalid_json", assertThrows(PatException.class, () -> AdminBodies.token("{")).error());
    }

    @Test
    void aServiceAccountRequestIsACreateRequestPlusUserId() {
        ServiceAccountRequest r = ServiceAccountRequest.parse("{\"userId\":\"sa\",\"name\":\"ci\",\"expirationDays\":30,\"roles\":[\"r\"]}");
        assertEquals("sa", r.userId());
        assertEquals("ci", r.create().name());
        assertEquals(30, r.create().expirationDays());
        assertEquals(List.of("r"), r.create().roles());
        assertEquals("invalid_request", assertThrows(PatException.class, () -> ServiceAccountRequest.parse("{\"name\":\"ci\"}")).error());
        assertEquals("invalid_request", assertThrows(PatException.class,
                () -> ServiceAccountRequest.parse("{\"userId\":\"sa\",\"name\":\"ci\",\"owner\":1}")).error());
    }
}
