package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A package manifest, as {@code schemas/package.schema.json} describes it. Optional strings are
 * null when absent; lists and maps are never null, unmodifiable, and keep the file's order.
 *
 * @param name        the package's name
 * @param description one line on what it traces, or null
 * @param object      the object file, relative to the manifest's directory
 * @param exports     which map carries which struct; empty means "use the convention"
 * @param params      options that set globals before load, keyed by variable name
 * @param programs    notes on programs, keyed by program name
 * @param maps        maps the runner samples and prints, keyed by map name
 * @param metrics     Prometheus metrics read from maps ({@code run --metrics}), keyed by metric name
 * @param sha256      expected hex SHA-256 of the object, or null
 * @param version     free-form version, or null
 * @param license     SPDX expression, or null
 * @param homepage    URL, or null
 * @param btf         minimized kernel BTF the package carries for kernels without their own
 *                    ({@code ecli-java build --btfgen}), keyed by kernel release ({@code uname -r})
 * @param embedded    where the object is when another file embeds it; then {@code object} is null
 * @param structs     record layouts the object's BTF lacks, as C member declarations, keyed by
 *                    struct name ({@link dev.ecli.btf.CDeclarations})
 * @param sizes       map sizes set before load, keyed by map name
 * @param renamedFields kernel struct fields renamed since the object was built: {@code STRUCT.OLD}
 *                    to the kernel's new name, applied to CO-RE relocations ({@link dev.ecli.btf.FieldRenames})
 */
@JsonIgnoreProperties({"$schema"})
public record Manifest(String name, String description, String object, List<Export> exports,
                       Map<String, Param> params, Map<String, Program> programs, Map<String, MapSpec> maps,
                       Map<String, MetricSpec> metrics, String sha256, String version, String license, String homepage,
                       Map<String, EmbeddedBtf> btf, EmbeddedObject embedded, Map<String, String> structs,
                       Map<String, MapSize> sizes,
                       @JsonProperty("renamed-fields") Map<String, String> renamedFields) {
    public Manifest {
        exports = exports == null ? List.of() : List.copyOf(exports);
        params = ordered(params);
        programs = ordered(programs);
        maps = ordered(maps);
        metrics = ordered(metrics);
        btf = ordered(btf);
        structs = ordered(structs);
        sizes = ordered(sizes);
        renamedFields = ordered(renamedFields);
    }

    /** A manifest with only the core parts. */
    public Manifest(String name, String description, String object, List<Export> exports) {
        this(name, description, object, exports, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** The same manifest with other exports and sampled maps (their fields resolved for a run). */
    public Manifest withExportsAndMaps(List<Export> exports, Map<String, MapSpec> maps) {
        return new Manifest(name, description, object, exports, params, programs, maps, metrics, sha256, version,
                license, homepage, btf, embedded, structs, sizes, renamedFields);
    }

    /** The object for messages: its file, or the file that embeds it. */
    public String objectLabel() {
        return embedded != null ? embedded.binary() : object;
    }

    // Map.copyOf would lose the file's order, which is the order options and columns appear in.
    static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
