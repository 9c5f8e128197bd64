package dev.ecli.runner.pkg.manifest;

import dev.ecli.runner.pkg.AttachSpec;
import dev.ecli.runner.pkg.EmbeddedBtf;
import dev.ecli.runner.pkg.EmbeddedObject;
import dev.ecli.runner.pkg.Export;
import dev.ecli.runner.pkg.ComputedSpec;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.HistogramSpec;
import dev.ecli.runner.pkg.MapSize;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.MetricSpec;
import dev.ecli.runner.pkg.Param;
import dev.ecli.runner.pkg.Program;
import dev.ecli.runner.pkg.StackSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a schema-checked manifest tree into the {@link Manifest} model, by hand. Jackson's data
 * binding did the same, but building its deserializers by reflection took 60-90 ms of every
 * start, a quarter of the time to the first event. Keys the model does not know are ignored, as
 * before; scalars are read as the data binding read them (numbers as text where text is
 * expected, truncated where an integer is). {@code ManifestBinderTest} checks that both agree
 * on every manifest in the repository.
 */
final class ManifestBinder {
    private ManifestBinder() {}

    static Manifest manifest(JsonNode n) {
        JsonNode object = n.get("object");
        boolean embedded = object != null && object.isObject();
        return new Manifest(text(n, "name"), text(n, "description"), embedded ? null : text(n, "object"),
                list(n.get("exports"), ManifestBinder::export), map(n.get("params"), ManifestBinder::param),
                map(n.get("programs"), ManifestBinder::program), map(n.get("maps"), ManifestBinder::mapSpec),
                map(n.get("metrics"), ManifestBinder::metric), text(n, "sha256"), text(n, "version"),
                text(n, "license"), text(n, "homepage"), map(n.get("btf"), ManifestBinder::embeddedBtf),
                embedded ? new EmbeddedObject(text(object, "embedded-in"), text(object, "provided-by")) : null,
                map(n.get("structs"), ManifestBinder::asText), map(n.get("sizes"), ManifestBinder::mapSize),
                map(n.get("renamed-fields"), ManifestBinder::asText));
    }

    private static MapSize mapSize(JsonNode n) {
        return new MapSize(text(n, "max-entries"), text(n, "value-size"));
    }

    private static EmbeddedBtf embeddedBtf(JsonNode n) {
        return new EmbeddedBtf(text(n, "file"));
    }

    private static Export export(JsonNode n) {
        return new Export(text(n, "map"), text(n, "struct"), map(n.get("fields"), ManifestBinder::field),
                text(n, "drops"), null, bool(n, "variable-length"), map(n.get("computed"), ManifestBinder::computed));
    }

    private static ComputedSpec computed(JsonNode n) {
        return new ComputedSpec(text(n, "expr"), text(n, "format"), integer(n, "width"), text(n, "description"));
    }

    private static FieldSpec field(JsonNode n) {
        return new FieldSpec(text(n, "format"), integer(n, "width"), bool(n, "hidden"), text(n, "description"),
                text(n, "enum"), text(n, "case"), map(n.get("names"), ManifestBinder::asText),
                map(n.get("flags"), ManifestBinder::asText), text(n, "family"), text(n, "join"), bool(n, "reversed"),
                text(n, "when"), text(n, "shown-when"), text(n, "tag"), map(n.get("arms"), ManifestBinder::asText),
                text(n, "byte-order"), text(n, "length"));
    }

    private static Param param(JsonNode n) {
        return new Param(text(n, "description"), text(n, "short"), text(n, "long"), value(n.get("default")),
                text(n, "cgroup-map"), text(n, "type"), whole(n, "scale"));
    }

    private static Program program(JsonNode n) {
        JsonNode attach = n.get("attach");
        List<AttachSpec> targets = absent(attach) ? List.of() : attach.isArray()
                ? list(attach, AttachSpec::fromJson) : List.of(AttachSpec.fromJson(attach));
        return new Program(text(n, "description"), text(n, "section"), targets.isEmpty() ? null : targets.getFirst(),
                text(n, "load"), text(n, "fallback"), bool(n, "optional"),
                targets.isEmpty() ? List.of() : targets.subList(1, targets.size()));
    }

    private static MapSpec mapSpec(JsonNode n) {
        return new MapSpec(text(n, "description"), text(n, "interval"), bool(n, "clear"),
                object(n.get("histogram"), ManifestBinder::histogram), integer(n, "top"), text(n, "sort"),
                text(n, "key-name"), text(n, "value-name"), map(n.get("fields"), ManifestBinder::field),
                map(n.get("stacks"), ManifestBinder::stack), text(n, "count"));
    }

    private static HistogramSpec histogram(JsonNode n) {
        return new HistogramSpec(text(n, "field"), text(n, "kind"), text(n, "unit"), whole(n, "base"),
                whole(n, "step"));
    }

    private static StackSpec stack(JsonNode n) {
        return new StackSpec(text(n, "map"), text(n, "space"), text(n, "process"));
    }

    private static MetricSpec metric(JsonNode n) {
        JsonNode labels = n.get("labels");
        return new MetricSpec(text(n, "type"), text(n, "map"), text(n, "help"), text(n, "value"),
                absent(labels) ? null : list(labels, ManifestBinder::asText),
                map(n.get("fields"), ManifestBinder::field), object(n.get("histogram"), ManifestBinder::histogram),
                integer(n, "max-series"));
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    private static String asText(JsonNode v) {
        return absent(v) ? null : v.asText();
    }

    private static String text(JsonNode n, String key) {
        return asText(n.get(key));
    }

    private static Integer integer(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (absent(v)) {
            return null;
        }
        return v.isNumber() ? Integer.valueOf(v.intValue()) : Integer.valueOf(v.asText().trim());
    }

    private static Long whole(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (absent(v)) {
            return null;
        }
        return v.isNumber() ? Long.valueOf(v.longValue()) : Long.valueOf(v.asText().trim());
    }

    private static boolean bool(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return !absent(v) && (v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText()));
    }

    /** A scalar as the data binding gives an {@code Object}: text, number, boolean, or nested lists and maps. */
    private static Object value(JsonNode v) {
        if (absent(v)) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isArray()) {
            return list(v, ManifestBinder::value);
        }
        if (v.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
            return out;
        }
        return v.asText();
    }

    private static <T> T object(JsonNode v, Function<JsonNode, T> bind) {
        return absent(v) ? null : bind.apply(v);
    }

    private static <T> List<T> list(JsonNode v, Function<JsonNode, T> bind) {
        if (absent(v)) {
            return null;
        }
        List<T> out = new ArrayList<>();
        for (JsonNode e : v) {
            out.add(absent(e) ? null : bind.apply(e));
        }
        return out;
    }

    private static <T> Map<String, T> map(JsonNode v, Function<JsonNode, T> bind) {
        if (absent(v)) {
            return null;
        }
        Map<String, T> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), absent(e.getValue()) ? null : bind.apply(e.getValue())));
        return out;
    }
}
