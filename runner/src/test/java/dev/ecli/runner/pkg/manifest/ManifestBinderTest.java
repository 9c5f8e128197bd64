package dev.ecli.runner.pkg.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.Program;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-written binder gives the very records Jackson's data binding (which it replaced for
 * startup time) gives, for every valid manifest in the repository and for manifests that use
 * every key and the scalar forms the schema allows.
 */
class ManifestBinderTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static void agree(LocatedTree tree) throws Exception {
        assertTrue(ManifestValidator.validate(tree).isEmpty(), tree.file + ": " + ManifestValidator.validate(tree));
        Manifest bound = ManifestBinder.manifest(tree.root);
        JsonNode root = tree.root;
        if (root.path("object").isObject()) {
            // Data binding read the object's file name only: an embedded object is the binder's alone.
            assertEquals(root.get("object").get("embedded-in").asText(), bound.embedded().binary());
            root = withoutObject(root);
            bound = new Manifest(bound.name(), bound.description(), bound.object(), bound.exports(), bound.params(),
                    bound.programs(), bound.maps(), bound.metrics(), bound.sha256(), bound.version(), bound.license(),
                    bound.homepage(), bound.btf(), null, bound.structs(), bound.sizes(),
                    bound.renamedFields());
        }
        if (root.path("programs").isObject()) {
            // A list of attach targets is the binder's alone too: data binding read one, the first.
            JsonNode original = root;
            ObjectNode copy = root.deepCopy();
            Map<String, Program> programs = new LinkedHashMap<>(bound.programs());
            copy.path("programs").properties().forEach(p -> {
                if (p.getValue().path("attach").isArray()) {
                    ((ObjectNode) p.getValue()).set("attach", p.getValue().get("attach").get(0));
                    Program b = programs.get(p.getKey());
                    assertEquals(original.path("programs").path(p.getKey()).path("attach").size() - 1,
                            b.alsoAttach().size());
                    programs.put(p.getKey(), new Program(b.description(), b.section(), b.attach(), b.load(),
                            b.fallback(), b.optional()));
                }
            });
            root = copy;
            bound = new Manifest(bound.name(), bound.description(), bound.object(), bound.exports(), bound.params(),
                    programs, bound.maps(), bound.metrics(), bound.sha256(), bound.version(), bound.license(),
                    bound.homepage(), bound.btf(), bound.embedded(), bound.structs(), bound.sizes(),
                    bound.renamedFields());
        }
        assertEquals(JACKSON.treeToValue(root, Manifest.class), bound, tree.file);
    }

    private static JsonNode withoutObject(JsonNode root) {
        ObjectNode copy = root.deepCopy();
        copy.remove("object");
        return copy;
    }

    @Test
    void everyManifestInTheRepository() throws Exception {
        Path root = Path.of(System.getProperty("ecli.repoRoot", "..")).toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.getFileName().toString().matches("package\\.(yaml|yml|json)"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    // templates carry @NAME@ until `new` fills them; build/ holds npm's packages
                    .filter(p -> !p.toString().contains("/templates/") && !p.toString().contains("/build/"))
                    .sorted().toList();
        }
        int checked = 0;
        for (Path f : files) {
            LocatedTree tree = ManifestLoader.read(f);
            if (DocumentKind.of(tree.root) == DocumentKind.EUNOMIA_PACKAGE
                    || !ManifestValidator.validate(tree).isEmpty()) {
                continue; // eunomia packages and deliberately broken test manifests
            }
            agree(tree);
            checked++;
        }
        assertTrue(checked >= 20, "only " + checked + " manifests found under " + root);
    }

    @Test
    void everyKeyAndScalarForm() throws Exception {
        String yaml = """
                $schema: ../schemas/package.schema.json
                name: all
                description: every key
                object: all.bpf.o
                sha256: 0a00000000000000000000000000000000000000000000000000000000000000
                version: "1.0"
                license: GPL
                homepage: https://example.org
                exports:
                  - map: rb
                    struct: event
                    drops: lost
                    fields:
                      a: {format: duration, width: 9, hidden: true, description: d}
                      b: {format: hex}
                  - {map: rb2, struct: other}
                params:
                  n: {description: d, short: n, long: number, default: 7}
                  big: {default: 18446744073709551615}
                  f: {default: 1.5}
                  s: {default: text}
                  b: {default: true}
                  cg: {cgroup-map: cgmap}
                  kill: {type: bool, short: k}
                programs:
                  p1: {description: d, section: tp/a/b, attach: manual}
                  p2: {attach: /usr/lib/libc.so.6:malloc}
                  p3:
                    attach: {type: uprobe, binary: "${shell}", symbol: readline, offset: "16", process: "1"}
                  p4: {attach: {type: usdt, binary: /bin/x, provider: p, probe: q}}
                  p5: {attach: {type: xdp, interface: eth0}}
                  p6: {attach: {type: tc, interface: eth0, direction: egress}}
                  p7: {attach: {type: perf_event, event: cpu-clock, frequency: 99}}
                  p8: {attach: {type: perf_event, event: cpu-clock, period: "1000"}}
                  p9: {description: only}
                  p10: {load: "!${kill}", fallback: p9, optional: true}
                  p11: {load: false}
                  p12: {attach: [{type: uprobe, binary: /lib/x.so, symbol: a}, /lib/x.so:b]}
                structs:
                  ev: "u32 pid; char comm[16];"
                sizes:
                  stacks: {max-entries: 1024, value-size: "${depth} * 8"}
                maps:
                  h: {interval: 1000, clear: true, histogram: {field: slots, kind: log2, unit: usecs}}
                  l: {interval: "${ms}", histogram: {field: v, kind: linear, base: -5, step: 10}}
                  r:
                    description: rows
                    top: 10
                    sort: count
                    key-name: k
                    value-name: v
                    fields: {count: {format: errno}}
                    stacks: {kstack: {map: stacks, space: kernel}}
                metrics:
                  c: {type: counter, map: r, value: count, help: h, labels: [comm, sig], max-series: 5,
                      fields: {sig: {format: signal}}}
                  g: {type: gauge, map: r, value: age}
                  hh: {type: histogram, map: h, histogram: {field: slots, kind: log2}}
                """;
        LocatedTree tree = LocatedTree.parse("all.yaml", yaml.getBytes(StandardCharsets.UTF_8), true);
        List<ManifestValidator.Problem> problems = ManifestValidator.validate(tree);
        // The test is about binding: it needs a manifest the schema accepts.
        assertTrue(problems.isEmpty(), problems.toString());
        agree(tree);
    }
}
