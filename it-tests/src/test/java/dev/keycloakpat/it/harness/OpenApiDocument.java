package dev.keycloakpat.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The API reference {@code docs/openapi.yaml} (OpenAPI 3.1), used to check real responses of the running server:
 * the request's path and method must be an operation of the document, the status one of its documented
 * responses, the documented required headers present, and the body valid against the response's schema
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1, checked with networknt's validator), or empty where the
 * document declares no content.
 *
 * <p>Written here rather than taken from swagger-request-validator, whose OpenAPI support stops at 3.0.
 */
public final class OpenApiDocument {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    public static OpenApiDocument load(Path file) {
        try {
            return new OpenApiDocument(YAML.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /**
     * Problems of the document itself: an OpenAPI version other than 3.1.x, a {@code $ref} that points nowhere,
     * a schema that does not compile, an operation without responses. Empty when fine.
     */
    public List<String> selfCheck() {
        List<String> problems = new ArrayList<>();
        if (!root.path("openapi").asText().startsWith("3.1.")) {
            problems.add("openapi is " + root.path("openapi") + ", expected 3.1.x");
        }
        checkRefs(root, "#", problems);
        root.path("components").path("schemas").fields().forEachRemaining(e -> {
            try {
                schema(e.getValue());
            } catch (RuntimeException ex) {
                problems.add("schema " + e.getKey() + " does not compile: " + ex.getMessage());
            }
        });
        root.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (!op.getKey().equals("parameters") && !op.getValue().path("responses").isObject()) {
                problems.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey() + " has no responses");
            }
        }));
        return problems;
    }

    private void checkRefs(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && resolve(ref.asText()).isMissingNode()) {
                problems.add("unresolved $ref " + ref.asText() + " at " + where);
            }
            node.fields().forEachRemaining(e -> checkRefs(e.getValue(), where + "/" + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkRefs(node.get(i), where + "/" + i, problems);
            }
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return root.at(ref.substring(1));
    }

    private JsonNode deref(JsonNode node) {
        while (node.has("$ref")) {
            node = resolve(node.get("$ref").asText());
        }
        return node;
    }

    /** A schema of the document, its {@code #/components/...} references resolvable. */
    private JsonSchema schema(JsonNode schema) {
        ObjectNode wrapper = YAML.createObjectNode();
        wrapper.put("$schema", DIALECT);
        wrapper.set("components", root.path("components"));
        wrapper.putArray("allOf").add(schema);
        return SCHEMAS.getSchema(wrapper);
    }

    /**
     * The document's path template that matches {@code path} (no query string): literal segments win over
     * {@code {param}} segments, as OpenAPI requires.
     */
    public String template(String path) {
        String[] actual = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (Iterator<String> it = root.path("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            String[] parts = template.split("/", -1);
            if (parts.length != actual.length) {
                continue;
            }
            int literals = 0;
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    match = !actual[i].isEmpty();
                } else if (parts[i].equals(actual[i])) {
                    literals++;
                } else {
                    match = false;
                }
            }
            if (match && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        return best;
    }

    /**
     * Everything in which {@code response}, the answer to {@code method path}, disagrees with the document; empty
     * when it conforms.
     */
    public List<String> check(String method, String path, Http.Response response) {
        List<String> problems = new ArrayList<>();
        String what = method + " " + path + " -> " + response.status();
        String template = template(path.split("\\?", 2)[0]);
        if (template == null) {
            return List.of(what + ": path not in the document");
        }
        JsonNode operation = root.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(what + ": " + method + " " + template + " not in the document");
        }
        JsonNode documented = operation.path("responses").path(Integer.toString(response.status()));
        if (documented.isMissingNode()) {
            documented = operation.path("responses").path("default");
        }
        if (documented.isMissingNode()) {
            return List.of(what + ": status not documented for " + method + " " + template
                    + " (documented: " + fieldNames(operation.path("responses")) + "); body " + response.body());
        }
        documented = deref(documented);
        documented.path("headers").fields().forEachRemaining(h -> {
            JsonNode header = deref(h.getValue());
            if (header.path("required").asBoolean(false) && response.header(h.getKey()).isEmpty()) {
                problems.add(what + ": required header " + h.getKey() + " missing");
            }
        });
        JsonNode content = documented.path("content");
        String body = response.body() == null ? "" : response.body();
        if (!content.isObject() || content.isEmpty()) {
            if (!body.isEmpty()) {
                problems.add(what + ": the document declares no body, the server sent " + body);
            }
            return problems;
        }
        String type = response.header("Content-Type").orElse("").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        JsonNode media = content.path(type);
        if (media.isMissingNode()) {
            problems.add(what + ": Content-Type '" + type + "' not documented (documented: " + fieldNames(content) + ")");
            return problems;
        }
        JsonNode json;
        try {
            json = Http.JSON.readTree(body);
        } catch (IOException e) {
            problems.add(what + ": body is not JSON: " + body);
            return problems;
        }
        if (media.has("schema")) {
            Set<ValidationMessage> errors = schema(media.get("schema")).validate(json);
            errors.forEach(m -> problems.add(what + ": " + m.getMessage() + " in " + body));
        }
        return problems;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every operation of the document as "METHOD template", for coverage checks. */
    public List<String> operations() {
        List<String> ops = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) {
                ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return ops;
    }
}
