package dev.keycloakpat.rest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.keycloakpat.refusal.Refusal;

/**
 * The body of {@code POST /revoke}: {@code {"token": "kcpat_…"}} (one token, its holder revokes it) or
 * {@code {"tokens": ["kcpat_…", …]}} (a leak report, at most {@value #MAX_TOKENS}, duplicates counted once).
 * Anything else is a 400 that names what is wrong.
 */
record LeakReport(List<String> tokens, boolean single) {

    static final int MAX_TOKENS = 100;
    private static final String USAGE = "Send {\"token\": \"kcpat_…\"} or {\"tokens\": [\"kcpat_…\", …]}.";

    static LeakReport parse(String body) {
        JsonNode node = Json.object(body, "invalid_request", USAGE);
        boolean hasToken = node.has("token");
        boolean hasTokens = node.has("tokens");
        if (hasToken == hasTokens) {
            throw Refusal.invalid("invalid_request", USAGE);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("token") && !f.equals("tokens")) {
                throw Refusal.invalid("invalid_request", "Unknown field '" + Refusal.printable(f) + "'. " + USAGE);
            }
        }
        if (hasToken) {
            if (!node.get("token").isTextual()) {
                throw Refusal.invalid("invalid_request", USAGE);
            }
            return new LeakReport(List.of(node.get("token").textValue()), true);
        }
        JsonNode list = node.get("tokens");
        if (!list.isArray() || list.isEmpty()) {
            throw Refusal.invalid("invalid_request", "tokens must be a list of 1 to " + MAX_TOKENS + " tokens.");
        }
        if (list.size() > MAX_TOKENS) {
            throw Refusal.invalid("too_many_tokens", "A leak report can hold at most " + MAX_TOKENS
                    + " tokens; send the rest in further reports.");
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (JsonNode t : list) {
            if (!t.isTextual()) {
                throw Refusal.invalid("invalid_request", "tokens must be a list of strings.");
            }
            tokens.add(t.textValue().strip());
        }
        return new LeakReport(new ArrayList<>(tokens), false);
    }

}
