package dev.ecli.runner.pkg.manifest;

import dev.ecli.runner.pkg.PackageException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON tree read from YAML or JSON that remembers where each value and each key started, keyed
 * by JSON pointer ({@code /exports/0/map}), so that schema errors can name a line and column.
 * Jackson's own tree reading drops locations, hence this small reader.
 */
public final class LocatedTree {
    /** Where in the file: 1-based line and column. */
    public record Position(int line, int column) implements Comparable<Position> {
        static Position of(JsonLocation l) {
            return l == null || l.getLineNr() < 1 ? null : new Position(l.getLineNr(), Math.max(1, l.getColumnNr()));
        }

        @Override
        public int compareTo(Position o) {
            return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
        }

        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** Manifests are small; eunomia package.json carries the object as base64, so allow that much. */
    static final int MAX_BYTES = 64 << 20;
    /**
     * A YAML manifest is a page or two (the largest shipped is 2 KiB), and SnakeYAML's scanner is
     * far slower than JSON's on long scalars (an 8 MB one took 14 s and 1 GB), so YAML is
     * refused above this before it is parsed; JSON may have {@link #MAX_BYTES}.
     */
    static final int MAX_YAML_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 64;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxStringLength(MAX_BYTES).maxNestingDepth(MAX_DEPTH).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    // YAML 1.2 reading: 'yes'/'no'/'on'/'off' stay strings, and a key with nothing after it is null.
    // SnakeYAML's own limits too, should text reach it some other way: size, nesting, aliases.
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS)
            .loaderOptions(yamlLimits())
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    final String file;
    final JsonNode root;
    /** The file's bytes, as parsed. */
    final byte[] content;
    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, Position> keys = new HashMap<>();

    private LocatedTree(String file, byte[] content, JsonParser p) throws IOException, PackageException {
        this.file = file;
        this.content = content;
        if (p.nextToken() == null) {
            throw new PackageException(file + ":1:1: file is empty; a manifest needs at least 'name' and 'object'");
        }
        this.root = read(p, "");
        JsonToken extra = p.nextToken();
        if (extra != null) {
            throw new PackageException(at(Position.of(p.currentTokenLocation()),
                    "unexpected content after the manifest (only one document is allowed)"));
        }
    }

    /**
     * Parses a whole manifest file.
     *
     * @param file label for messages: the path as the user gave it
     * @param yaml YAML (true) or JSON syntax
     * @throws PackageException with {@code FILE:LINE:COLUMN} on syntax errors, duplicate keys and empty files
     */
    static LocatedTree parse(String file, byte[] bytes, boolean yaml) throws PackageException {
        if (yaml && bytes.length > MAX_YAML_BYTES) {
            throw new PackageException(file + ": " + bytes.length + " bytes of YAML, over the limit of "
                    + (MAX_YAML_BYTES >> 20) + " MiB for a YAML manifest (JSON may have " + (MAX_BYTES >> 20) + " MiB)");
        }
        try (JsonParser p = (yaml ? YAML : JSON).createParser(bytes)) {
            return new LocatedTree(file, bytes, p);
        } catch (JsonProcessingException e) {
            throw new PackageException(syntaxError(file, e), e);
        } catch (IOException e) {
            throw new PackageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static LoaderOptions yamlLimits() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_YAML_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(16);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    /** Where the value at this JSON pointer starts, or null. */
    public Position value(String pointer) {
        return values.get(pointer);
    }

    /** Where the key naming the value at this JSON pointer starts, or null (array elements, root). */
    Position key(String pointer) {
        return keys.get(pointer);
    }

    /** The document's root node. */
    public JsonNode root() {
        return root;
    }

    /**
     * {@code FILE:LINE:COLUMN: message}, or {@code FILE: message} without a position; kept on one
     * line (see {@link PackageException#printable}) whatever keys and values from the file the message quotes.
     */
    public String at(Position pos, String message) {
        return PackageException.printable(pos == null ? file + ": " + message : file + ":" + pos + ": " + message);
    }

    /** Appends one JSON pointer segment, escaped as RFC 6901 asks. */
    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private JsonNode read(JsonParser p, String pointer) throws IOException, PackageException {
        Position here = Position.of(p.currentTokenLocation());
        values.put(pointer, here);
        JsonNodeFactory nf = JsonNodeFactory.instance;
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = nf.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String c = child(pointer, name);
                    Position keyPos = Position.of(p.currentTokenLocation());
                    if (o.has(name)) {
                        // Jackson would silently keep the last one; a repeated key is almost always a mistake.
                        throw new PackageException(at(keyPos, "duplicate key '" + name + "' (first at line "
                                + keys.get(c).line() + ")"));
                    }
                    keys.put(c, keyPos);
                    p.nextToken();
                    o.set(name, read(p, c));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = nf.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, pointer + "/" + i++));
                }
                return a;
            }
            case VALUE_STRING -> {
                return nf.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> nf.numberNode(p.getIntValue());
                    case LONG -> nf.numberNode(p.getLongValue());
                    default -> nf.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                try {
                    return nf.numberNode(p.getDecimalValue());
                } catch (NumberFormatException e) {
                    // An exponent past BigDecimal's range (2e6666666666), or YAML's .inf and .nan.
                    throw new PackageException(at(here, "number " + p.getText() + " is out of range"));
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nf.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return nf.nullNode();
            }
            default -> throw new PackageException(at(here, "unsupported value (" + t + "); use plain scalars, "
                    + "lists and mappings"));
        }
    }

    private static String syntaxError(String file, JsonProcessingException e) {
        // SnakeYAML's messages span several lines with a source excerpt; keep the problem and its mark.
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                String what = y.getProblem() == null ? "syntax error" : y.getProblem();
                if (what.contains("(TAB)")) {
                    what = "a tab cannot indent YAML; use spaces";
                } else if (y.getContext() != null) {
                    what += " " + y.getContext();
                }
                return file + ":" + (y.getProblemMark().getLine() + 1) + ":" + (y.getProblemMark().getColumn() + 1)
                        + ": YAML syntax error: " + oneLine(what);
            }
        }
        Position pos = Position.of(e.getLocation());
        String what = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        return (pos == null ? file : file + ":" + pos) + ": syntax error: " + oneLine(what);
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
