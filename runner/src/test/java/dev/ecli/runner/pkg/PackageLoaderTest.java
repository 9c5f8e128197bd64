package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ecli.runner.pkg.load.PackageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding manifests, resolving objects safely, checking digests. */
class PackageLoaderTest {
    private static final String MINIMAL = "name: exitsnoop\nobject: %s\n";

    @TempDir
    Path tmp;

    private static String message(Path path) {
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(path));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void loadsTheExitsnoopPackageFromItsDirectory() throws Exception {
        Path dir = PackageFixtures.exitsnoopDir();
        PackageSpec spec = PackageLoader.load(dir);
        assertEquals(PackageSpec.Kind.MANIFEST, spec.kind());
        assertEquals("exitsnoop", spec.manifest().name());
        assertEquals("exitsnoop.bpf.o", spec.manifest().object());
        assertEquals(1, spec.manifest().exports().size());
        Export export = spec.manifest().exports().getFirst();
        assertEquals("rb", export.map());
        assertEquals("event", export.struct());
        assertEquals(dir.resolve("package.yaml"), spec.manifestPath());
        assertEquals(dir.toAbsolutePath(), spec.directory());
        assertEquals(dir.resolve("exitsnoop.bpf.o").toRealPath(), spec.objectPath());
        assertNull(spec.objectBytes());
        assertEquals("exitsnoop.bpf.o", spec.objectName());
        assertTrue(spec.manifest().description().startsWith("Trace process exits"));
    }

    @Test
    void readsAnObjectEmbeddedInAnotherFile() throws Exception {
        byte[] object = Files.readAllBytes(PackageFixtures.exitsnoopDir().resolve("exitsnoop.bpf.o"));
        byte[] binary = new byte[object.length + 300];
        System.arraycopy(object, 0, binary, 200, object.length);
        binary[10] = 0x7f; // a stray magic before it is skipped
        Path tool = Files.write(tmp.resolve("tool"), binary);
        Files.writeString(tmp.resolve("package.yaml"), "name: t\nobject: {embedded-in: " + tool
                + ", provided-by: Debian package t}\nexports: [{map: rb, struct: event}]\n");
        PackageSpec spec = PackageLoader.load(tmp);
        assertEquals(java.util.Arrays.toString(object), java.util.Arrays.toString(spec.objectBytes()));
        assertEquals("tool.bpf.o", spec.objectName());
        assertNull(spec.objectPath());
        assertTrue(spec.object().btf().find("event", dev.ecli.btf.BtfKind.STRUCT).isPresent());

        Files.delete(tool);
        assertEquals(tool + " is not installed: install Debian package t; the package's BPF object is inside it",
                message(tmp));
        Files.write(tool, new byte[1000]);
        assertEquals(tool + " (Debian package t) embeds no eBPF object (no ELF with e_machine 247 inside it)",
                message(tmp));
        Files.writeString(tmp.resolve("package.yaml"), "name: t\nobject: {embedded-in: /dev/zero}\n");
        assertEquals("/dev/zero is not a regular file; not a binary that embeds a BPF object", message(tmp));
    }

    @Test
    void loadsTheManifestFileDirectly() throws Exception {
        Path file = PackageFixtures.exitsnoopDir().resolve("package.yaml");
        assertEquals(PackageLoader.load(PackageFixtures.exitsnoopDir()).manifest(), PackageLoader.load(file).manifest());
    }

    @Test
    void theSameManifestAsJson() throws Exception {
        // Converted at test time, so the JSON twin follows every change to the shipped package.yaml.
        JsonNode tree = new YAMLMapper().readTree(PackageFixtures.exitsnoopDir().resolve("package.yaml").toFile());
        PackageFixtures.packageWith(tmp, "package.json", new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(tree));
        PackageSpec json = PackageLoader.load(tmp);
        assertEquals(tmp.resolve("package.json"), json.manifestPath());
        assertEquals(PackageSpec.Kind.MANIFEST, json.kind());
        assertEquals(PackageLoader.load(PackageFixtures.exitsnoopDir()).manifest(), json.manifest());
    }

    @Test
    void everyOptionalPartIsModelled() throws Exception {
        PackageFixtures.packageWith(tmp, "ignored", "");
        PackageSpec spec = PackageLoader.load(PackageFixtures.copy("valid/full.yaml", tmp, "package.yml"));
        Manifest m = spec.manifest();
        assertEquals("1.0.0", m.version());
        assertEquals("GPL-2.0-only OR BSD-2-Clause", m.license());
        assertEquals("https://ecli.dev/packages/exitsnoop", m.homepage());
        assertEquals(List.of("min_duration_ns", "target_pid"), List.copyOf(m.params().keySet()));
        assertEquals(new Param("Only show processes that lived at least this long", "d", "min-duration", 0),
                m.params().get("min_duration_ns"));
        assertNull(m.params().get("target_pid").defaultValue());
        assertEquals(new Program("sched_process_exit tracepoint"), m.programs().get("handle_exit"));
        assertEquals(new Program(null, "uprobe", "/usr/lib/libc.so.6:malloc"), m.programs().get("on_malloc"));
        Map<String, FieldSpec> fields = m.exports().getFirst().fields();
        assertEquals(List.of("duration_ns", "exit_code", "ppid"), List.copyOf(fields.keySet()));
        assertEquals(new FieldSpec("duration", 12, false, null), fields.get("duration_ns"));
        assertEquals(new FieldSpec("wait-status", null, false, "How the process ended"), fields.get("exit_code"));
        assertTrue(fields.get("ppid").hidden());
    }

    @Test
    void manifestNamesAreTriedInOrder() throws Exception {
        PackageFixtures.packageWith(tmp, "package.json", "{\"name\": \"from-json\", \"object\": \"exitsnoop.bpf.o\"}");
        Files.writeString(tmp.resolve("package.yml"), MINIMAL.formatted("exitsnoop.bpf.o").replace("exitsnoop\n", "from-yml\n"));
        assertEquals("from-yml", PackageLoader.load(tmp).manifest().name());
        Files.writeString(tmp.resolve("package.yaml"), MINIMAL.formatted("exitsnoop.bpf.o"));
        assertEquals("exitsnoop", PackageLoader.load(tmp).manifest().name());
    }

    @Test
    void missingPackagePath() {
        Path gone = tmp.resolve("nope");
        assertEquals("package path does not exist: " + gone, message(gone));
    }

    @Test
    void directoryWithoutManifest() {
        assertEquals("no package.yaml or package.json in " + tmp, message(tmp));
    }

    @Test
    void missingObject() {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml", MINIMAL.formatted("gone.bpf.o"));
        assertEquals(manifest + ":2:9: object gone.bpf.o named in package.yaml does not exist", message(tmp));
    }

    @Test
    void dotDotObject() throws IOException {
        Files.write(tmp.resolve("outside.bpf.o"), new byte[] {1});
        Path manifest = PackageFixtures.packageWith(tmp.resolve("pkg"), "package.yaml",
                MINIMAL.formatted("sub/../../outside.bpf.o"));
        assertEquals(manifest + ":2:9: object sub/../../outside.bpf.o named in package.yaml is outside the package"
                + " directory", message(manifest));
    }

    @Test
    void absoluteObjectPath() {
        Path object = PackageFixtures.exitsnoopObject().toAbsolutePath();
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml", MINIMAL.formatted(object));
        assertEquals(manifest + ":2:9: object " + object + " named in package.yaml must be a path relative to the"
                + " package directory, not absolute", message(manifest));
    }

    @Test
    void symlinkEscape() throws IOException {
        Path outside = Files.write(tmp.resolve("secret.bpf.o"), new byte[] {1});
        Path manifest = PackageFixtures.packageWith(tmp.resolve("pkg"), "package.yaml", MINIMAL.formatted("link.bpf.o"));
        Files.createSymbolicLink(tmp.resolve("pkg/link.bpf.o"), outside);
        assertEquals(manifest + ":2:9: object link.bpf.o named in package.yaml resolves outside the package directory"
                + " (to " + outside.toRealPath() + ")", message(manifest));
    }

    @Test
    void symlinkedDirectoryEscape() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.write(outside.resolve("x.bpf.o"), new byte[] {1});
        Path manifest = PackageFixtures.packageWith(tmp.resolve("pkg"), "package.yaml", MINIMAL.formatted("sub/x.bpf.o"));
        Files.createSymbolicLink(tmp.resolve("pkg/sub"), outside);
        assertTrue(message(manifest).contains("object sub/x.bpf.o named in package.yaml resolves outside"));
    }

    @Test
    void symlinkInsideThePackageIsFine() throws Exception {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml", MINIMAL.formatted("link.bpf.o"));
        Files.createSymbolicLink(tmp.resolve("link.bpf.o"), Path.of("exitsnoop.bpf.o"));
        PackageSpec spec = PackageLoader.load(manifest);
        assertEquals(tmp.resolve("exitsnoop.bpf.o").toRealPath(), spec.objectPath());
        assertEquals("exitsnoop.bpf.o", spec.objectName());
    }

    @Test
    void objectMustBeARegularFile() throws IOException {
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml", MINIMAL.formatted("dir.bpf.o"));
        Files.createDirectory(tmp.resolve("dir.bpf.o"));
        assertEquals(manifest + ":2:9: object dir.bpf.o named in package.yaml is not a regular file", message(manifest));
    }

    @Test
    void matchingSha256() throws Exception {
        String sha = sha256(PackageFixtures.exitsnoopObject());
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml",
                MINIMAL.formatted("exitsnoop.bpf.o") + "sha256: " + sha.toUpperCase() + "\n");
        assertEquals(sha.toUpperCase(), PackageLoader.load(manifest).manifest().sha256());
    }

    @Test
    void sha256Mismatch() throws Exception {
        String wrong = "ab".repeat(32);
        Path manifest = PackageFixtures.packageWith(tmp, "package.yaml",
                MINIMAL.formatted("exitsnoop.bpf.o") + "sha256: " + wrong + "\n");
        assertEquals(manifest + ":3:9: sha256 mismatch for exitsnoop.bpf.o: manifest says " + wrong + ", file has "
                + sha256(PackageFixtures.exitsnoopObject()), message(manifest));
    }

    @Test
    void anObjectFileIsNotAManifest() {
        Path object = PackageFixtures.exitsnoopObject();
        assertTrue(message(object).startsWith(object + " is an object file, not a manifest"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
