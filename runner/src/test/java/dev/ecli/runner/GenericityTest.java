package dev.ecli.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.runner.pkg.Export;
import dev.ecli.runner.pkg.MapSpec;
import dev.ecli.runner.pkg.MetricSpec;
import dev.ecli.runner.sample.MapLayout;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Java code may know a package: the names of every package under packages/ and examples/
 * (what ships), their exported and sampled maps and structs, their declared metrics, and the
 * fields of those structs and of sampled and metric maps' keys and values must not appear as
 * words in runner/src/main.
 */
class GenericityTest {
    /** The eunomia convention names this struct, so the runner may (README: "a struct named event"). */
    private static final Set<String> CONVENTION = Set.of("event");
    /**
     * packages/libbpf-tools run third-party objects whose maps and fields are mostly plain words
     * the runner also uses as words (events, time, data, flags, host...): from those packages
     * only compound names (with an underscore or a digit: exit_code, args_size, delta_us) count.
     */
    private static final Pattern COMPOUND = Pattern.compile(".*[_0-9].*");
    /**
     * Names a file may use because a format, not a package, gives them: eunomia's stack_trace
     * interpreter reads fields named pid, kstack, ustack, kstack_sz and ustack_sz unless its
     * field_map renames them (eunomia's format spec, as "event" is its convention's struct).
     */
    private static final java.util.Map<String, Set<String>> FORMAT_NAMES = java.util.Map.of(
            "EunomiaStackTrace.java", Set.of("pid", "kstack", "ustack", "kstack_sz", "ustack_sz"));

    @Test
    void runnerSourcesNameNoPackageStructOrField() throws Exception {
        Path root = Path.of(System.getProperty("ecli.repoRoot", ".."));
        Set<String> names = new TreeSet<>();
        for (Path manifest : manifests(root)) {
            PackageSpec spec = PackageLoader.load(manifest);
            Set<String> all = new TreeSet<>();
            collect(spec, all);
            boolean thirdParty = manifest.toString().contains("/packages/libbpf-tools/");
            all.stream().filter(n -> !thirdParty || COMPOUND.matcher(n).matches()).forEach(names::add);
        }
        names.removeAll(CONVENTION);
        names.remove("");
        assertTrue(names.contains("exit_code"), "the seed's fields were collected: " + names);
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("runner/src/main"))) {
            // runner/src/main/bpf is C for the kernel: the members it reads are the kernel's (task_struct's).
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".bpf.c")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('\0') >= 0) {
                    continue; // a built object (the runner's own BPF program): its source is checked
                }
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                Set<String> allowed = FORMAT_NAMES.getOrDefault(f.getFileName().toString(), Set.of());
                for (String n : names) {
                    if (!allowed.contains(n) && Pattern.compile("\\b" + Pattern.quote(n) + "\\b").matcher(text).find()) {
                        hits.add(root.relativize(f) + ": " + n);
                    }
                }
            }
        }
        assertTrue(hits.isEmpty(), "package-specific names in runner sources: " + hits);
    }

    /** A package's name, its exported and sampled maps and structs, metrics, and their fields. */
    private static void collect(PackageSpec spec, Set<String> names) throws Exception {
        names.add(spec.manifest().name());
        Btf btf = spec.object().btf(); // with the structs the manifest declares
        for (Export e : spec.manifest().exports()) {
            names.add(e.map());
            names.add(e.struct());
            btf.find(e.struct(), BtfKind.STRUCT).ifPresent(t -> {
                for (BtfType.Member m : ((BtfType.Struct) t).members()) {
                    names.add(m.name());
                }
            });
        }
        // Sampled maps: their names and the fields of their keys and values ("key" and
        // "value" are the runner's own names for plain-number keys and values).
        for (Map.Entry<String, MapSpec> m : spec.manifest().maps().entrySet()) {
            names.add(m.getKey());
            List<String> fields = new ArrayList<>(MapLayout.ofSampled(btf, m.getKey(), spec.objectName(), "key", "value")
                    .names());
            fields.removeAll(List.of("key", "value"));
            names.addAll(fields);
        }
        // Declared metrics: their names, maps, and the fields of those maps' keys and values.
        for (Map.Entry<String, MetricSpec> m : spec.manifest().metrics().entrySet()) {
            names.add(m.getKey());
            names.add(m.getValue().map());
            List<String> fields = new ArrayList<>(MapLayout.of(btf, m.getValue().map(), spec.objectName(), "key",
                    "value").names());
            fields.removeAll(List.of("key", "value"));
            names.addAll(fields);
        }
    }

    private static List<Path> manifests(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("packages", "examples")) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(d, 3)) {
                s.filter(p -> p.getFileName().toString().equals("package.yaml")).forEach(out::add);
            }
        }
        return out;
    }
}
