package dev.keycloakpat.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One field of the policy, one row of {@link PolicyFields#ALL}: its name (the same in the JSON of the admin API and
 * the realm attribute, in the console form and as the {@link PatPolicy} component), its type, the bounds of a
 * number (with what the ends mean, for the message), the default and the theme message key of its console label
 * (the help text is that key + "Help"). Converts one value to and from JSON and form values and checks its bounds.
 *
 * @param minNote what the smallest value means ("off"), or null
 * @param maxNote what the largest value means ("a year"), or null
 * @param options the values a {@link Type#CHOICE} may take
 */
public record PolicyField(String name, Type type, Object defaultValue, int min, int max, String minNote,
                          String maxNote, List<String> options, String messageKey) {

    /** The kinds of values a policy field holds. */
    public enum Type {
        /** A whole number between min and max. */
        NUMBER,
        /** On or off. */
        SWITCH,
        /** An optional text; blank means none (null). */
        TEXT,
        /** One of the options. */
        CHOICE,
        /** A list of whole numbers. */
        NUMBERS,
        /** A list of texts. */
        TEXTS
    }

    /** A JSON value of the wrong type for the field. */
    static final class WrongType extends Exception {
        WrongType() {
            super(null, null, false, false);
        }
    }

    public static PolicyField number(String name, int defaultValue, int min, int max, String messageKey) {
        return new PolicyField(name, Type.NUMBER, defaultValue, min, max, null, null, List.of(), messageKey);
    }

    public static PolicyField of(String name, Type type, Object defaultValue, String messageKey) {
        return new PolicyField(name, type, defaultValue, 0, 0, null, null, List.of(), messageKey);
    }

    public static PolicyField choice(String name, String defaultValue, List<String> options, String messageKey) {
        return new PolicyField(name, Type.CHOICE, defaultValue, 0, 0, null, null, options, messageKey);
    }

    /** This number field, with what its smallest and largest values mean (either may be null). */
    public PolicyField meaning(String minMeaning, String maxMeaning) {
        return new PolicyField(name, type, defaultValue, min, max, minMeaning, maxMeaning, options, messageKey);
    }

    public String helpKey() {
        return messageKey + "Help";
    }

    /** The problem with a value of this field on its own (bounds, options), if any. */
    public Optional<String> problem(Object value) {
        return switch (type) {
            case NUMBER -> (int) value < min || (int) value > max
                    ? Optional.of(name + " must be between " + min + note(minNote) + " and " + max + note(maxNote))
                    : Optional.empty();
            case CHOICE -> value != null && options.contains(value) ? Optional.empty()
                    : Optional.of(name + " must be one of " + String.join(", ", options));
            default -> Optional.empty();
        };
    }

    private static String note(String meaning) {
        return meaning == null ? "" : " (" + meaning + ")";
    }

    /** The value of a JSON node, typed strictly: no numbers from texts, no fractions, null only for texts. */
    Object fromJson(JsonNode node) throws WrongType {
        switch (type) {
            case NUMBER:
                return whole(node);
            case SWITCH:
                if (!node.isBoolean()) {
                    throw new WrongType();
                }
                return node.booleanValue();
            case TEXT:
            case CHOICE:
                if (node.isNull()) {
                    return null;
                }
                if (!node.isTextual()) {
                    throw new WrongType();
                }
                return type == Type.TEXT && node.textValue().isBlank() ? null : node.textValue();
            default:
                if (!node.isArray()) {
                    throw new WrongType();
                }
                List<Object> items = new ArrayList<>();
                for (JsonNode item : node) {
                    if (type == Type.NUMBERS) {
                        items.add(whole(item));
                    } else if (item.isTextual()) {
                        items.add(item.textValue());
                    } else {
                        throw new WrongType();
                    }
                }
                return items;
        }
    }

    private static int whole(JsonNode node) throws WrongType {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new WrongType();
        }
        return node.intValue();
    }

    JsonNode toJson(Object value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (type) {
            case NUMBER -> json.numberNode((int) value);
            case SWITCH -> json.booleanNode((boolean) value);
            case TEXT, CHOICE -> value == null ? json.nullNode() : json.textNode((String) value);
            default -> {
                ArrayNode array = json.arrayNode();
                ((List<?>) value).forEach(item -> array.add(item instanceof Integer n ? json.numberNode(n) : json.textNode((String) item)));
                yield array;
            }
        };
    }

    /**
     * The value of form values (every value a list of texts, as the admin console saves a component), or the
     * problem with them: numbers are trimmed, blank texts are none, blank list entries are left out, number lists
     * are sorted.
     */
    Object fromForm(List<String> values) throws IllegalArgumentException {
        String first = values == null || values.isEmpty() ? null : values.get(0);
        List<String> entries = values == null ? List.of()
                : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
        switch (type) {
            case NUMBER:
                try {
                    return Integer.parseInt(first == null ? "" : first.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " must be a whole number");
                }
            case SWITCH:
                if (!"true".equals(first) && !"false".equals(first)) {
                    throw new IllegalArgumentException(name + " must be on or off");
                }
                return Boolean.parseBoolean(first);
            case TEXT:
            case CHOICE:
                return first == null || first.isBlank() ? null : first.strip();
            case NUMBERS:
                try {
                    return entries.stream().map(Integer::parseInt).sorted().toList();
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " must be whole numbers");
                }
            default:
                return entries;
        }
    }

    List<String> toForm(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
