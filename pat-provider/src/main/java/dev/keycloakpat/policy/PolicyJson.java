package dev.keycloakpat.policy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.refusal.Refusal;

/**
 * The policy as a JSON object (the admin API's Policy and the realm attribute), field by field as
 * {@link PolicyFields#ALL} says: every field, in table order, optional texts as null.
 */
public final class PolicyJson {

    private PolicyJson() {
    }

    public static ObjectNode toJson(PatPolicy policy) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        PolicyFields.valuesOf(policy).forEach((name, value) -> json.set(name, PolicyFields.named(name).toJson(value)));
        return json;
    }

    /**
     * A change to the policy as the admin API receives it: any subset of the fields, merged onto the current policy
     * (so {@code kcadm.sh update … -s maxLifetimeDays=90} changes one field) and validated. Unknown fields, wrong
     * types and values {@link PolicyValidator} refuses are an {@code invalid_policy} refusal; blank optional texts
     * mean none.
     */
    public static PatPolicy merge(PatPolicy current, ObjectNode changes) {
        return PolicyValidator.requireValid(PolicyFields.with(current, values(changes)));
    }

    /**
     * A stored policy: the fields it has over the defaults (a policy stored before a field existed gets that
     * field's default). An unknown field or a wrong type is an {@link IllegalArgumentException}.
     */
    public static PatPolicy read(ObjectNode stored) {
        try {
            return PolicyFields.with(PatPolicy.defaults(), values(stored));
        } catch (Refusal e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static Map<String, Object> values(ObjectNode json) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            PolicyField field = PolicyFields.named(entry.getKey());
            if (field == null) {
                throw Refusal.invalid(PolicyValidator.INVALID_POLICY, "Unknown policy field \"" + Refusal.printable(entry.getKey()) + "\".");
            }
            try {
                values.put(field.name(), field.fromJson(entry.getValue()));
            } catch (PolicyField.WrongType e) {
                throw Refusal.invalid(PolicyValidator.INVALID_POLICY, "The policy field \"" + field.name() + "\" has the wrong type.");
            }
        }
        return values;
    }
}
