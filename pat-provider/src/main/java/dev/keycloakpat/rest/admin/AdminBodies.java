package dev.keycloakpat.rest.admin;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.policy.PatPolicy;
import dev.keycloakpat.policy.PolicyJson;
import dev.keycloakpat.policy.PolicyValidator;
import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.rest.Json;
import dev.keycloakpat.token.PatToken;

/** Bodies of the admin calls (incidents, the policy), read strictly: unknown fields and wrong types are a 400 that says so. */
final class AdminBodies {

    private AdminBodies() {
    }

    /** {@code {"userId": …}} or {@code {"teamId": …}}: exactly one is set. */
    record BulkRevoke(String userId, String teamId) {
    }

    static ObjectNode object(String body, String usage) {
        return Json.object(body, "invalid_request", usage);
    }

    /** The body of {@code PUT /policy}: policy fields merged onto the current policy ({@link PolicyJson#merge}). */
    static PatPolicy policy(PatPolicy current, String body) {
        return PolicyJson.merge(current, Json.object(body, PolicyValidator.INVALID_POLICY,
                "The request body must be a JSON object with policy fields."));
    }

    static void onlyFields(JsonNode node, Set<String> allowed, String usage) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw Refusal.invalid("invalid_request", "Unknown field '" + Refusal.printable(f) + "'. " + usage);
            }
        }
    }

    /** The whole token of a lookup: {@code {"token": "kcpat_…"}}, well-formed (checksum) or a 400. */
    static String token(String body) {
        String usage = "Send {\"token\": \"kcpat_…\"}.";
        JsonNode node = object(body, usage);
        onlyFields(node, Set.of("token"), usage);
        JsonNode t = node.get("token");
        if (t == null || !t.isTextual()) {
            throw Refusal.invalid("invalid_request", usage);
        }
        String presented = t.textValue().strip();
        if (PatToken.parse(presented).isEmpty()) {
            throw Refusal.invalid("invalid_token",
                    "That is not a whole personal access token (kcpat_ and 50 characters with a valid checksum).");
        }
        return presented;
    }

    static BulkRevoke bulkRevoke(String body) {
        String usage = "Send {\"userId\": \"…\"} or {\"teamId\": \"…\"}.";
        JsonNode node = object(body, usage);
        onlyFields(node, Set.of("userId", "teamId"), usage);
        String userId = text(node, "userId", usage);
        String teamId = text(node, "teamId", usage);
        if ((userId == null) == (teamId == null)) {
            throw Refusal.invalid("invalid_request", usage);
        }
        return new BulkRevoke(userId, teamId);
    }

    static String text(JsonNode node, String field, String usage) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw Refusal.invalid("invalid_request", field + " must be a non-empty string. " + usage);
        }
        return v.textValue().strip();
    }

}
