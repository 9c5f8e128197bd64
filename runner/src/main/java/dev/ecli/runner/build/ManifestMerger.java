package dev.ecli.runner.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ecli.runner.pkg.manifest.ManifestDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completes a manifest with what a build learnt from the object, never removing or changing what
 * the author wrote: missing top-level keys are appended, missing entries of {@code programs} and
 * {@code params} are inserted at the end of their block with the file's own indentation, so
 * comments and layout survive. Only a flow-style mapping ({@code params: {a: ...}}) makes it
 * rewrite the whole YAML file, which loses comments; the result says so.
 */
final class ManifestMerger {
    /**
     * What the build wants the manifest to say.
     *
     * @param name     the package's name, used only when the manifest has none
     * @param object   the object file, used only when the manifest names none
     * @param exports  map to struct pairs, used only when the manifest has no {@code exports}
     * @param programs program name to description
     * @param params   variable name to description
     * @param btf      kernel release to the BTF file the package carries for it ({@code --btfgen})
     * @param maps     map name to its entry's body (strings, or nested maps such as {@code histogram})
     */
    record Wanted(String name, String object, Map<String, String> exports, Map<String, String> programs,
                  Map<String, String> params, Map<String, String> btf, Map<String, Map<String, Object>> maps) {
        Wanted {
            btf = btf == null ? Map.of() : btf;
            maps = maps == null ? Map.of() : maps;
        }

        /** Without sampled maps. */
        Wanted(String name, String object, Map<String, String> exports, Map<String, String> programs,
               Map<String, String> params, Map<String, String> btf) {
            this(name, object, exports, programs, params, btf, Map.of());
        }

        /** Without kernel BTF. */
        Wanted(String name, String object, Map<String, String> exports, Map<String, String> programs,
               Map<String, String> params) {
            this(name, object, exports, programs, params, Map.of());
        }

        /** The keyed sections, in file order: each entry is {@code NAME: BODY}. */
        List<Section> sections() {
            return List.of(new Section("maps", maps), Section.of("programs", "description", programs),
                    Section.of("params", "description", params), Section.of("btf", "file", btf));
        }
    }

    /** A top-level mapping of named entries, each a mapping (its body). */
    record Section(String name, Map<String, Map<String, Object>> want) {
        /** Entries that each hold one string under {@code leaf}. */
        static Section of(String name, String leaf, Map<String, String> want) {
            Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
            want.forEach((k, v) -> bodies.put(k, Map.of(leaf, v)));
            return new Section(name, bodies);
        }
    }

    /**
     * The merged text.
     *
     * @param added     what was added, as {@code params.NAME}, {@code programs.NAME}, {@code exports}, ...
     * @param rewritten true when the whole file was rewritten (YAML comments lost)
     */
    record Result(String text, List<String> added, boolean rewritten) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private ManifestMerger() {}

    /** A new manifest, for a package that has none. */
    static Result fresh(Wanted w, String objectFile) {
        StringBuilder sb = new StringBuilder("# Written by ecli-java build from ").append(objectFile)
                .append(". Edit freely: later builds only add what is missing.\n");
        List<String> added = new ArrayList<>(List.of("name", "object"));
        sb.append("name: ").append(scalar(w.name())).append('\n');
        sb.append("object: ").append(scalar(w.object())).append('\n');
        if (!w.exports().isEmpty()) {
            sb.append(exportsBlock(w.exports()));
            added.add("exports");
        }
        for (Section section : w.sections()) {
            appendSection(sb, section, section.want(), added);
        }
        return new Result(sb.toString(), added, false);
    }

    /** The existing manifest with what it lacks added. */
    static Result merge(ManifestDocument doc, String text, Wanted w) throws JsonProcessingException {
        return doc.isYaml() ? mergeYaml(doc, text, w) : mergeJson(doc, w);
    }

    private static Result mergeYaml(ManifestDocument doc, String text, Wanted w) throws JsonProcessingException {
        JsonNode root = doc.root();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        List<String> added = new ArrayList<>();
        StringBuilder tail = new StringBuilder();
        if (!root.has("name")) {
            tail.append("name: ").append(scalar(w.name())).append('\n');
            added.add("name");
        }
        if (!root.has("object")) {
            tail.append("object: ").append(scalar(w.object())).append('\n');
            added.add("object");
        }
        if (!root.has("exports") && !w.exports().isEmpty()) {
            tail.append(exportsBlock(w.exports()));
            added.add("exports");
        }
        // Inserted bottom-up so that earlier line numbers stay valid.
        record Insert(int index, String text) {}
        List<Insert> inserts = new ArrayList<>();
        for (Section sec : w.sections()) {
            String section = sec.name();
            Map<String, Map<String, Object>> want = sec.want();
            JsonNode node = root.get(section);
            Map<String, Map<String, Object>> missing = new LinkedHashMap<>();
            want.forEach((k, v) -> {
                if (node == null || !node.has(k)) {
                    missing.put(k, v);
                }
            });
            if (missing.isEmpty()) {
                continue;
            }
            if (node == null) {
                appendSection(tail, sec, missing, added);
                continue;
            }
            String pointer = "/" + section;
            int keyLine = doc.keyAt(pointer).line();
            if (node.isObject() && !node.isEmpty()) {
                String first = node.fieldNames().next();
                ManifestDocument.Location child = doc.keyAt(ManifestDocument.child(pointer, first));
                if (child == null || child.line() == keyLine) {
                    return rewriteYaml(root, w);
                }
                int indent = child.column() - 1;
                int sub = 2;
                JsonNode firstValue = node.get(first);
                if (firstValue.isObject() && !firstValue.isEmpty()) {
                    String inner = ManifestDocument.child(ManifestDocument.child(pointer, first),
                            firstValue.fieldNames().next());
                    ManifestDocument.Location l = doc.keyAt(inner);
                    if (l != null && l.line() > child.line() && l.column() - 1 > indent) {
                        sub = l.column() - 1 - indent;
                    }
                }
                inserts.add(new Insert(blockEnd(doc, root, lines, keyLine), entries(missing, indent, sub)));
            } else if (node.isNull() && endsWithColon(lines.get(keyLine - 1))) {
                inserts.add(new Insert(keyLine, entries(missing, 2, 2)));
            } else {
                return rewriteYaml(root, w);
            }
            missing.keySet().forEach(k -> added.add(section + "." + k));
        }
        inserts.sort((a, b) -> Integer.compare(b.index(), a.index()));
        for (Insert i : inserts) {
            lines.add(i.index(), i.text().substring(0, i.text().length() - 1));
        }
        String merged = String.join("\n", lines);
        if (!tail.isEmpty()) {
            merged = (merged.isEmpty() || merged.endsWith("\n") ? merged : merged + "\n") + tail;
        }
        return new Result(merged, added, false);
    }

    /** The 0-based line index just after the last line of the top-level block starting at {@code keyLine}. */
    private static int blockEnd(ManifestDocument doc, JsonNode root, List<String> lines, int keyLine) {
        int next = lines.size();
        for (var it = root.fieldNames(); it.hasNext(); ) {
            ManifestDocument.Location l = doc.keyAt(ManifestDocument.child("", it.next()));
            if (l != null && l.line() > keyLine && l.line() - 1 < next) {
                next = l.line() - 1;
            }
        }
        // Blank lines and unindented comments before the next key belong to what follows.
        while (next > keyLine && (lines.get(next - 1).isBlank() || lines.get(next - 1).startsWith("#"))) {
            next--;
        }
        return next;
    }

    private static boolean endsWithColon(String line) {
        int hash = line.indexOf(" #");
        String code = (hash < 0 ? line : line.substring(0, hash)).strip();
        return code.endsWith(":");
    }

    /** Last resort: the whole tree plus additions, written anew. */
    private static Result rewriteYaml(JsonNode root, Wanted w) throws JsonProcessingException {
        ObjectNode copy = root.deepCopy();
        List<String> added = addTo(copy, w);
        return new Result(YAML.writeValueAsString(copy), added, true);
    }

    private static Result mergeJson(ManifestDocument doc, Wanted w) throws JsonProcessingException {
        ObjectNode copy = doc.root().deepCopy();
        List<String> added = addTo(copy, w);
        return new Result(JSON.writeValueAsString(copy) + "\n", added, false);
    }

    private static List<String> addTo(ObjectNode root, Wanted w) {
        List<String> added = new ArrayList<>();
        if (!root.has("name")) {
            root.put("name", w.name());
            added.add("name");
        }
        if (!root.has("object")) {
            root.put("object", w.object());
            added.add("object");
        }
        if (!root.has("exports") && !w.exports().isEmpty()) {
            ArrayNode a = root.putArray("exports");
            w.exports().forEach((map, struct) -> a.addObject().put("map", map).put("struct", struct));
            added.add("exports");
        }
        for (Section sec : w.sections()) {
            String section = sec.name();
            Map<String, Map<String, Object>> want = sec.want();
            if (want.isEmpty()) {
                continue;
            }
            ObjectNode node = root.get(section) instanceof ObjectNode o ? o : null;
            if (node == null && root.hasNonNull(section)) {
                continue;
            }
            for (Map.Entry<String, Map<String, Object>> e : want.entrySet()) {
                if (node == null) {
                    node = root.putObject(section);
                }
                if (!node.has(e.getKey())) {
                    node.set(e.getKey(), JSON.valueToTree(e.getValue()));
                    added.add(section + "." + e.getKey());
                }
            }
        }
        return added;
    }

    private static void appendSection(StringBuilder sb, Section section, Map<String, Map<String, Object>> entries,
                                      List<String> added) {
        if (entries.isEmpty()) {
            return;
        }
        sb.append(section.name()).append(":\n").append(entries(entries, 2, 2));
        entries.keySet().forEach(k -> added.add(section.name() + "." + k));
    }

    private static String exportsBlock(Map<String, String> exports) {
        StringBuilder sb = new StringBuilder("exports:\n");
        exports.forEach((map, struct) -> sb.append("  - map: ").append(scalar(map)).append('\n')
                .append("    struct: ").append(scalar(struct)).append('\n'));
        return sb.toString();
    }

    private static String entries(Map<String, Map<String, Object>> entries, int indent, int sub) {
        StringBuilder sb = new StringBuilder();
        entries.forEach((k, body) -> {
            sb.append(" ".repeat(indent)).append(scalar(k)).append(":\n");
            body(sb, body, indent + sub, sub);
        });
        return sb.toString();
    }

    /** A mapping's lines at {@code indent}, nested mappings {@code sub} further in. */
    @SuppressWarnings("unchecked")
    private static void body(StringBuilder sb, Map<String, Object> body, int indent, int sub) {
        body.forEach((k, v) -> {
            sb.append(" ".repeat(indent)).append(scalar(k)).append(':');
            if (v instanceof Map<?, ?> nested) {
                sb.append('\n');
                body(sb, (Map<String, Object>) nested, indent + sub, sub);
            } else {
                sb.append(' ').append(scalar(String.valueOf(v))).append('\n');
            }
        });
    }

    /** A YAML scalar: plain when that reads back as the same string, else double-quoted. */
    static String scalar(String s) {
        if (s.matches("[A-Za-z_][A-Za-z0-9_.,()/ +=-]*") && !s.endsWith(" ")
                && !YAML_WORDS.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            return s;
        }
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }
}
