package dev.keycloakpat.rest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.refusal.Refusal;
import dev.keycloakpat.service.CreateRequest;

/**
 * The body of a create call (docs/api.md, "Self-service API"), read strictly: wrong types and unknown fields are
 * refused.
 */
public final class CreateBody {

    private CreateBody() {
    }

    private static final Set<String> FIELDS = Set.of("name", "teamId", "expirationDays", "expiresAt", "write", "roles");
    public static CreateRequest parse(String body) {
        return of(Json.object(body, "invalid_request", "The request body must be a JSON object."));
    }

    /** The fields of a create request in a JSON object. */
    public static CreateRequest of(ObjectNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw Refusal.invalid("invalid_request", "Unknown field '" + Refusal.printable(f) + "'.");
            }
        }
        String name = optionalText(node, "name");
        String teamId = optionalText(node, "teamId");
        Integer days = null;
        JsonNode d = node.get("expirationDays");
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                throw Refusal.invalid("invalid_expiration", "expirationDays must be a whole number of days.");
            }
            days = d.intValue();
        }
        Long at = null;
        JsonNode a = node.get("expiresAt");
        if (a != null && !a.isNull()) {
            if (!a.isIntegralNumber() || !a.canConvertToLong()) {
                throw Refusal.invalid("invalid_expiration", "expiresAt must be a time in epoch seconds.");
            }
            at = a.longValue();
        }
        boolean write = false;
        JsonNode w = node.get("write");
        if (w != null && !w.isNull()) {
            if (!w.isBoolean()) {
                throw Refusal.invalid("invalid_request", "write must be true or false.");
            }
            write = w.booleanValue();
        }
        List<String> roles = null;
        JsonNode r = node.get("roles");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                throw Refusal.invalid("invalid_role", "roles must be a list of role names.");
            }
            roles = new ArrayList<>();
            for (JsonNode role : r) {
                if (!role.isTextual() || role.textValue().isBlank()) {
                    throw Refusal.invalid("invalid_role", "roles must be a list of role names.");
                }
                if (!roles.contains(role.textValue())) {
                    roles.add(role.textValue());
                }
            }
        }
        return new CreateRequest(name, teamId, days, at, write, roles);
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw Refusal.invalid("invalid_request", field + " must be a string.");
        }
        return v.textValue();
    }
}
