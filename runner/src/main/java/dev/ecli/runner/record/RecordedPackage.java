package dev.ecli.runner.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The package a recording carries, both ways: what a recorder puts in the header
 * ({@link #header}), and the package a replay loads from it ({@link #load}), written into a
 * private temporary directory (removed at exit) and loaded as any package is, schema and
 * containment checks included, so that a replay builds the same plans a live run does.
 */
public final class RecordedPackage {
    private RecordedPackage() {}

    /**
     * The header for recording a run of {@code spec}.
     * @param params  the package parameters as given on the command line
     * @param streams the exported maps, in the order their stream indexes follow
     */
    public static RecordingHeader header(PackageSpec spec, Map<String, String> params, List<RecordingHeader.Stream> streams,
                                         String host, String kernel) throws RecordingException {
        try {
            byte[] manifest = Files.readAllBytes(spec.manifestPath());
            String name = spec.manifestPath().getFileName().toString();
            if (!name.matches("package\\.(yaml|yml|json)")) {
                name = name.endsWith(".json") ? "package.json" : "package.yaml";
            }
            if (spec.manifest().embedded() != null) {
                // The binary the object came from may be missing where the recording is replayed:
                // carry the object, and a manifest that names it as a file beside it.
                ObjectNode tree = (ObjectNode) (name.endsWith(".json") ? new ObjectMapper() : new YAMLMapper())
                        .readTree(manifest);
                tree.put("object", spec.objectName());
                return new RecordingHeader(System.currentTimeMillis() * 1_000_000L, host, kernel, "package.json",
                        new ObjectMapper().writeValueAsBytes(tree), spec.objectName(), spec.objectBytes(), params,
                        streams);
            }
            boolean inline = spec.objectBytes() != null;
            byte[] object = inline ? null : Files.readAllBytes(spec.objectPath());
            return new RecordingHeader(System.currentTimeMillis() * 1_000_000L, host, kernel, name, manifest,
                    inline ? null : spec.objectPath().getFileName().toString(), object, params, streams);
        } catch (IOException e) {
            throw new RecordingException("cannot read the package to record: " + e.getMessage(), e);
        }
    }

    /** Loads the recorded package, as {@link PackageLoader#load} loads one from disk. */
    public static PackageSpec load(RecordingHeader header, String recording) throws RecordingException {
        Path dir;
        try {
            dir = Files.createTempDirectory("ecli-replay-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "ecli-replay-cleanup"));
            Files.write(dir.resolve(header.manifestName()), header.manifest());
            if (header.object() != null) {
                Files.write(dir.resolve(header.objectName()), header.object());
            }
        } catch (IOException e) {
            throw new RecordingException("cannot unpack the package of " + recording + ": " + e.getMessage(), e);
        }
        try {
            return PackageLoader.load(dir.resolve(header.manifestName()));
        } catch (PackageException e) {
            throw new RecordingException(recording + ": its package does not load: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory; nothing of the user's is at stake
        }
    }
}
