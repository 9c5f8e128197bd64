package dev.ecli.runner.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files under deploy/ and ways to read them, for the deploy tests. */
final class DeployFiles {
    static final Path ROOT = repoRoot();
    static final Path MANIFEST = ROOT.resolve("deploy/kubernetes/daemonset.yaml");
    static final Path SCHEMA = ROOT.resolve("deploy/kubernetes/schema/kubernetes-strict.schema.json");
    static final Path ENTRYPOINT = ROOT.resolve("deploy/entrypoint.sh");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static JsonSchema schema;

    private DeployFiles() {}

    private static Path repoRoot() {
        String prop = System.getProperty("ecli.repoRoot");
        Path start = prop != null ? Path.of(prop) : Path.of("");
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root with deploy/ above " + start.toAbsolutePath());
    }

    static String manifestText() {
        try {
            return Files.readString(MANIFEST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of {@code text}, empty ones left out. */
    static List<JsonNode> documents(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    /** The one document of this kind. */
    static JsonNode only(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " documents of kind " + kind + ", want 1");
        }
        return found.getFirst();
    }

    /** What the Kubernetes schema says of each document, one line per problem, prefixed by the document's kind. */
    static List<String> schemaErrors(List<JsonNode> docs) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : docs) {
            for (ValidationMessage m : kubernetesSchema().validate(d)) {
                out.add(d.path("kind").asText("?") + ": " + m.getMessage());
            }
        }
        return out;
    }

    static synchronized JsonSchema kubernetesSchema() {
        if (schema == null) {
            try {
                JsonNode node = new ObjectMapper().readTree(SCHEMA.toFile());
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(SchemaLocation.of(node.get("$id").asText()), node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    /** The ConfigMap's package lines, comments and blank lines left out (as the entrypoint reads them). */
    static List<String> packageLines(JsonNode configMap) {
        return configMap.path("data").path("packages").asText().lines()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("#"))
                .toList();
    }
}
