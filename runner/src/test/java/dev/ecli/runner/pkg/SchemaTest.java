package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.manifest.ManifestValidator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The schema is the single source of truth: documented, closed, and matched by the model. */
class SchemaTest {
    private final JsonNode schema = ManifestValidator.schemaDocument();

    @Test
    void identity() {
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        assertEquals("https://ecli.dev/schemas/package.schema.json", schema.get("$id").asText());
    }

    @Test
    void theJarCopyIsTheRepoCopy() throws Exception {
        JsonNode repo = new ObjectMapper().readTree(Files.readString(
                PackageFixtures.repoRoot().resolve("schemas/package.schema.json")));
        assertEquals(repo, schema);
    }

    @Test
    void everyPropertyHasATitleAndDescriptionAndEveryObjectIsClosed() {
        List<String> faults = new ArrayList<>();
        walk(schema, "#", faults);
        assertEquals(List.of(), faults);
    }

    private static void walk(JsonNode node, String where, List<String> faults) {
        if (!node.isObject()) {
            return;
        }
        if ("object".equals(node.path("type").asText()) && !node.has("additionalProperties")) {
            faults.add(where + ": object without additionalProperties");
        }
        for (String container : List.of("properties", "$defs")) {
            JsonNode props = node.get(container);
            if (props == null) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = where + "/" + container + "/" + e.getKey();
                if (!e.getValue().has("title") || !e.getValue().has("description")) {
                    faults.add(at + ": missing title or description");
                }
                walk(e.getValue(), at, faults);
            }
        }
        if (node.get("additionalProperties") != null) {
            walk(node.get("additionalProperties"), where + "/additionalProperties", faults);
        }
    }

    @Test
    void modelMatchesSchema() {
        // embedded is the mapping form of object; alsoAttach the list form of attach.
        Set<String> manifest = components(Manifest.class);
        manifest.remove("embedded");
        assertEquals(properties(schema, "$schema"), manifest);
        // typeId comes from an eunomia package's meta (export_types[].type_id), never from a manifest.
        Set<String> export = components(Export.class);
        export.remove("typeId");
        assertEquals(properties(schema.at("/$defs/export")), export);
        assertEquals(properties(schema.at("/$defs/field")), components(FieldSpec.class));
        assertEquals(properties(schema.at("/$defs/param")), components(Param.class));
        Set<String> program = components(Program.class);
        program.remove("alsoAttach");
        assertEquals(properties(schema.at("/$defs/program")), program);
        assertEquals(properties(schema.at("/$defs/sampledMap")), components(MapSpec.class));
    }

    @Test
    void formatsMatchSchema() {
        List<String> inSchema = new ArrayList<>();
        schema.at("/$defs/field/properties/format/enum").forEach(v -> inSchema.add(v.asText()));
        assertEquals(inSchema, FieldSpec.FORMATS);
    }

    @Test
    void requiredKeys() {
        assertEquals("[\"name\",\"object\"]", schema.get("required").toString());
        assertTrue(schema.at("/$defs/export/required").toString().contains("map"));
    }

    private static Set<String> properties(JsonNode object, String... except) {
        Set<String> names = new TreeSet<>();
        object.get("properties").fieldNames().forEachRemaining(names::add);
        names.removeAll(List.of(except));
        return names;
    }

    private static Set<String> components(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            // @JsonProperty cannot target record components; Java copies it to the accessor.
            JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
            names.add(p != null ? p.value() : c.getName());
        }
        return names;
    }
}
