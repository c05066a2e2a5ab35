package dev.keycloakpat.rest.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.service.CreateRequest;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.rest.CreateBody;

/**
 * The body of an admin's creation for a service account: a create request (docs/api.md, "Self-service API") plus
 * {@code userId}.
 */
record ServiceAccountRequest(String userId, CreateRequest create) {

    private static final String USAGE = "Send a create request plus \"userId\" of the client's service-account user, "
            + "e.g. {\"userId\": \"…\", \"name\": \"ci\", \"expirationDays\": 30}.";

    static ServiceAccountRequest parse(String body) {
        ObjectNode node = AdminBodies.object(body, USAGE);
        String userId = AdminBodies.text(node, "userId", USAGE);
        if (userId == null) {
            throw Refusal.invalid("invalid_request", "userId is required. " + USAGE);
        }
        ObjectNode rest = node.deepCopy();
        rest.remove("userId");
        return new ServiceAccountRequest(userId, CreateBody.of(rest));
    }
}
