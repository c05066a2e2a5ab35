package dev.keycloakpat.policy;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.keycloakpat.refusal.Refusal;

/**
 * A change to a realm's policy as the admin API receives it: a JSON object with any subset of the policy's
 * fields, merged onto the current policy (so {@code kcadm.sh update … -s maxLifetimeDays=90} changes one field).
 * Unknown fields, wrong types and values {@link PolicyValidator} refuses are a 400; the current policy is never
 * modified, the caller saves the returned copy.
 */
public final class PolicyUpdate {

    public static final String INVALID_POLICY = "invalid_policy";
    private static final int MAX_BODY_CHARS = 64 * 1024;

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private static final Set<String> FIELDS = fields();

    private PolicyUpdate() {
    }

    /** The current policy with the body's fields applied, validated; or a 400 {@code invalid_policy}. */
    public static PatPolicy apply(PatPolicy current, String body) {
        if (body == null || body.isBlank()) {
            throw Refusal.invalid(INVALID_POLICY, "The request body must be a JSON object with policy fields.");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw Refusal.invalid(INVALID_POLICY, "The request body is too large.");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (IOException e) {
            throw Refusal.invalid("invalid_json", "The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw Refusal.invalid(INVALID_POLICY, "The request body must be a JSON object with policy fields.");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw Refusal.invalid(INVALID_POLICY, "Unknown policy field \"" + printable(field) + "\".");
            }
        }
        PatPolicy merged = copy(current);
        try {
            STRICT.readerForUpdating(merged).readValue((ObjectNode) node);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "a field" : e.getPath().get(0).getFieldName();
            throw Refusal.invalid(INVALID_POLICY, "The policy field \"" + printable(String.valueOf(field))
                    + "\" has the wrong type.");
        } catch (IOException e) {
            throw Refusal.invalid(INVALID_POLICY, "The policy could not be read.");
        }
        normalize(merged);
        requireValid(merged);
        return merged;
    }

    /** A 400 {@code invalid_policy} listing every problem, unless the policy is valid. */
    public static void requireValid(PatPolicy policy) {
        List<String> problems = PolicyValidator.problems(policy);
        if (!problems.isEmpty()) {
            throw Refusal.invalid(INVALID_POLICY, String.join("; ", problems) + ".");
        }
    }

    /** Blank optional strings mean "none". */
    static void normalize(PatPolicy p) {
        if (p.writeRole != null && p.writeRole.isBlank()) {
            p.writeRole = null;
        }
        if (p.teamParentGroup != null && p.teamParentGroup.isBlank()) {
            p.teamParentGroup = null;
        }
    }

    public static PatPolicy copy(PatPolicy p) {
        return STRICT.convertValue(STRICT.valueToTree(p), PatPolicy.class);
    }

    private static Set<String> fields() {
        return Set.copyOf(iterable(new ObjectMapper().valueToTree(PatPolicy.defaults()).fieldNames()));
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("[^\\p{L}\\p{N} _.-]", "?");
    }
}
