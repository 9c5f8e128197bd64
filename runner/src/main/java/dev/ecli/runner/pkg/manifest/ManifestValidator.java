package dev.ecli.runner.pkg.manifest;

import dev.ecli.runner.pkg.PackageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a manifest tree against {@code schemas/package.schema.json} and words networknt's
 * findings for people: one line each, at the key or value at fault.
 */
public final class ManifestValidator {
    /** The schema's {@code $id}; also its resource path under {@code /schemas/} on the classpath. */
    static final String SCHEMA_ID = "https://ecli.dev/schemas/package.schema.json";
    static final String SCHEMA_RESOURCE = "/schemas/package.schema.json";

    /**
     * One finding: where (null when the whole file is at fault) and the full one-line message.
     * {@code object} and {@code kind} (the JSON pointer of the object at fault and the failing
     * keyword) only order findings.
     */
    record Problem(LocatedTree.Position position, String message, String object, String kind) {}

    /** Keywords whose findings are about a key (present or missing), not the value at the location. */
    private static final Set<String> KEY_KINDS = Set.of("required", "additionalProperties", "propertyNames");

    private ManifestValidator() {}

    // Loaded once: parsing the schema costs far more than validating a manifest.
    private static final class Holder {
        static final JsonNode SCHEMA_NODE = readSchema();
        static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(SCHEMA_ID), SCHEMA_NODE);

        private static JsonNode readSchema() {
            try (InputStream in = ManifestValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + SCHEMA_RESOURCE + " is missing from the classpath");
                }
                return new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The parsed schema document, e.g. for tools that list its properties. */
    public static JsonNode schemaDocument() {
        return Holder.SCHEMA_NODE;
    }

    /** All problems, first in the file first; empty when the manifest is valid. */
    static List<Problem> validate(LocatedTree tree) {
        if (!tree.root.isObject()) {
            return List.of(new Problem(tree.value(""), tree.at(tree.value(""), "a manifest must be a mapping of keys ("
                    + allowed(Holder.SCHEMA_NODE) + "), got " + typeName(tree.root)), "", "type"));
        }
        Set<ValidationMessage> found = Holder.SCHEMA.validate(tree.root);
        Set<String> seen = new LinkedHashSet<>();
        List<Problem> problems = new ArrayList<>();
        for (ValidationMessage m : found) {
            Problem p = describe(tree, m);
            // One finding per value: an empty name need not also be told it breaks the name pattern.
            boolean aboutTheValue = !KEY_KINDS.contains(p.kind());
            if (seen.add(p.message()) && (!aboutTheValue || seen.add("value " + p.object()))) {
                problems.add(p);
            }
        }
        // First in the file first, whole-file problems last; but a "missing key" comes after an
        // unknown key in the same mapping, as the misspelt key is the one to fix.
        Map<Problem, LocatedTree.Position> sortAt = new HashMap<>();
        for (Problem p : problems) {
            LocatedTree.Position at = p.position();
            if (p.kind().equals("required") && at != null) {
                for (Problem q : problems) {
                    if (q.kind().equals("additionalProperties") && q.object().equals(p.object())
                            && q.position() != null && q.position().compareTo(at) > 0) {
                        at = q.position();
                    }
                }
            }
            sortAt.put(p, at);
        }
        Comparator<Problem> byPlace = Comparator.comparing(sortAt::get, Comparator.nullsLast(Comparator.naturalOrder()));
        problems.sort(byPlace.thenComparing(p -> p.kind().equals("required")));
        return problems;
    }

    /** Throws the first problem (by position), noting how many more there are. */
    static void check(LocatedTree tree) throws PackageException {
        SchemaPassCache.Key key = SchemaPassCache.key(tree.content);
        if (SchemaPassCache.passed(key)) {
            return;
        }
        List<Problem> problems = validate(tree);
        if (!problems.isEmpty()) {
            String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
            throw new PackageException(problems.getFirst().message() + more);
        }
        SchemaPassCache.remember(key);
    }

    private static Problem describe(LocatedTree tree, ValidationMessage m) {
        JsonNodePath at = m.getInstanceLocation();
        String pointer = pointer(at);
        String where = display(at);
        JsonNode instance = m.getInstanceNode();
        JsonNode keyword = keywordNode(m);
        String type = m.getType() == null ? "" : m.getType();
        LocatedTree.Position pos = tree.value(pointer);
        String text;
        switch (type) {
            case "additionalProperties" -> {
                String key = m.getProperty();
                pos = tree.key(LocatedTree.child(pointer, key));
                JsonNode owner = parentSchema(m);
                String allowed = owner == null ? "" : allowed(owner);
                String hint = owner == null ? null : closest(key, owner);
                text = "unknown key '" + key + "'" + (at.getNameCount() == 0 ? "" : " in " + where)
                        + (hint != null ? "; did you mean '" + hint + "'?" : "")
                        + (allowed.isEmpty() ? "" : " (allowed: " + allowed + ")");
            }
            case "propertyNames" -> {
                String key = m.getProperty();
                pos = tree.key(LocatedTree.child(pointer, key));
                JsonNode names = schemaAt(m.getSchemaLocation());
                if (names != null && names.has("$ref") && names.get("$ref").asText().startsWith("#")) {
                    names = Holder.SCHEMA_NODE.at(names.get("$ref").asText().substring(1));
                }
                JsonNode pattern = names == null ? null : names.get("pattern");
                text = "key '" + key + "' in " + where + " must be "
                        + (pattern != null ? patternMeaning(pattern) : "a valid name");
            }
            case "type" -> {
                text = quote(where) + " must be " + expected(keyword) + ", got " + typeName(instance);
                // YAML reads 1.0, 0755 or true as numbers and booleans; quoting is the fix people need.
                if (keyword != null && keyword.asText().equals("string") && instance != null
                        && (instance.isNumber() || instance.isBoolean())) {
                    text += " (put it in quotes)";
                }
            }
            case "required" -> {
                String key = m.getProperty();
                if (key == null && m.getArguments() != null && m.getArguments().length > 0) {
                    key = String.valueOf(m.getArguments()[0]);
                }
                if (at.getNameCount() == 0) {
                    pos = null;
                    text = "missing required key '" + key + "'";
                } else {
                    text = where + ": missing required key '" + key + "'";
                }
            }
            case "enum" -> text = quote(where) + " must be one of " + values(keyword) + ", got " + shown(instance);
            case "pattern" -> text = quote(where) + " must be " + patternMeaning(keyword) + ", got " + shown(instance);
            case "minLength" -> text = keyword != null && keyword.asInt() == 1
                    ? quote(where) + " must not be empty"
                    : quote(where) + " must be at least " + keyword.asInt() + " characters long";
            case "maxLength" -> text = quote(where) + " must be at most " + (keyword == null ? "?" : keyword.asText())
                    + " characters long";
            case "minimum" -> text = quote(where) + " must be at least " + (keyword == null ? "?" : keyword.asText())
                    + ", got " + shown(instance);
            case "maximum" -> text = quote(where) + " must be at most " + (keyword == null ? "?" : keyword.asText())
                    + ", got " + shown(instance);
            default -> {
                // Keywords we have no wording for: networknt's text minus its "$.a.b: " prefix.
                String msg = m.getMessage();
                int colon = msg.indexOf(": ");
                if (msg.startsWith("$") && colon > 0) {
                    msg = msg.substring(colon + 2);
                }
                text = (at.getNameCount() == 0 ? "" : where + ": ") + LocatedTree.oneLine(msg);
            }
        }
        return new Problem(pos, tree.at(pos, text), pointer, type);
    }

    /** The value of the failing keyword in the schema, e.g. the {@code type} or {@code enum} array. */
    private static JsonNode keywordNode(ValidationMessage m) {
        JsonNode n = schemaAt(m.getSchemaLocation());
        return n != null ? n : m.getSchemaNode();
    }

    /** The schema object holding the failing keyword (for {@code additionalProperties}: its {@code properties}). */
    private static JsonNode parentSchema(ValidationMessage m) {
        SchemaLocation loc = m.getSchemaLocation();
        if (loc == null || loc.getFragment() == null || loc.getFragment().getNameCount() == 0) {
            return null;
        }
        return nodeAt(loc.getFragment().getParent());
    }

    private static JsonNode schemaAt(SchemaLocation loc) {
        return loc == null || loc.getFragment() == null ? null : nodeAt(loc.getFragment());
    }

    private static JsonNode nodeAt(JsonNodePath fragment) {
        JsonNode n = Holder.SCHEMA_NODE;
        for (int i = 0; i < fragment.getNameCount() && n != null; i++) {
            Object e = fragment.getElement(i);
            n = e instanceof Integer idx ? n.get(idx) : n.get(String.valueOf(e));
        }
        return n == null || n.isMissingNode() ? null : n;
    }

    private static String allowed(JsonNode schemaObject) {
        JsonNode props = schemaObject.get("properties");
        if (props == null) {
            return "";
        }
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(n -> {
            if (!n.startsWith("$")) {
                names.add(n);
            }
        });
        return String.join(", ", names);
    }

    /** A known key within two edits of a mistyped one. */
    private static String closest(String key, JsonNode schemaObject) {
        JsonNode props = schemaObject.get("properties");
        if (props == null) {
            return null;
        }
        String best = null;
        int bestDistance = 3;
        for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            int d = distance(key.toLowerCase(), n.toLowerCase());
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String expected(JsonNode type) {
        if (type == null) {
            return "of another type";
        }
        List<String> names = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> names.add(t.asText()));
        } else {
            names.add(type.asText());
        }
        // "number" already covers "integer" for people reading the message.
        if (names.contains("number")) {
            names.remove("integer");
        }
        List<String> words = names.stream().map(ManifestValidator::article).toList();
        if (words.size() == 1) {
            return words.getFirst();
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
    }

    private static String article(String schemaType) {
        return switch (schemaType) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            case "string" -> "a string";
            case "number" -> "a number";
            case "boolean" -> "a boolean (true or false)";
            case "null" -> "null";
            default -> schemaType;
        };
    }

    /** The JSON type of {@code n} as messages name it ("string", "object", ...). */
    public static String typeName(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing (null)";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isIntegralNumber()) {
            return "integer";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        return "string";
    }

    private static String values(JsonNode enumNode) {
        if (enumNode == null || !enumNode.isArray()) {
            return "the allowed values";
        }
        List<String> vs = new ArrayList<>();
        enumNode.forEach(v -> vs.add(v.asText()));
        return String.join(", ", vs);
    }

    private static String patternMeaning(JsonNode pattern) {
        String p = pattern == null ? "" : pattern.asText();
        return switch (p) {
            case "^[A-Za-z_][A-Za-z0-9_]*$" -> "a C identifier";
            case "^[0-9a-fA-F]{64}$" -> "64 hex digits";
            case "^[A-Za-z0-9]$" -> "one letter or digit";
            case "^[A-Za-z0-9][A-Za-z0-9._-]*$" -> "letters, digits, '.', '_' or '-', starting with a letter or digit";
            case "^[A-Za-z0-9][A-Za-z0-9-]*$" -> "letters, digits or '-', starting with a letter or digit";
            default -> "like " + p;
        };
    }

    private static String shown(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
        if (n.isTextual()) {
            String s = n.asText();
            return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
        }
        return n.toString();
    }

    private static String quote(String where) {
        return "'" + where + "'";
    }

    /** JSON pointer of an instance location, matching {@link LocatedTree}'s keys. */
    static String pointer(JsonNodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object e = path.getElement(i);
            sb.append('/').append(e instanceof Integer ? e.toString()
                    : String.valueOf(e).replace("~", "~0").replace("/", "~1"));
        }
        return sb.toString();
    }

    /** How people name a location: {@code exports[0].fields.size}. */
    static String display(JsonNodePath path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object e = path.getElement(i);
            if (e instanceof Integer idx) {
                sb.append('[').append(idx).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(e);
            }
        }
        return sb.isEmpty() ? "(manifest)" : sb.toString();
    }
}
