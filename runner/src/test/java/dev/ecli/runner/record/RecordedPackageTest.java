package dev.ecli.runner.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package travels inside the recording and loads again where the original is gone. */
class RecordedPackageTest {
    @TempDir
    Path tmp;

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("packages/exitsnoop"))) {
            p = p.getParent();
        }
        return p;
    }

    @Test
    void aRecordedPackageLoadsWithoutTheOriginal() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("exitsnoop"));
        for (String f : List.of("package.yaml", "exitsnoop.bpf.o")) {
            Files.copy(repo().resolve("packages/exitsnoop").resolve(f), copy.resolve(f));
        }
        PackageSpec spec = PackageLoader.load(copy);
        RecordingHeader h = RecordedPackage.header(spec, Map.of("target_pid", "7"),
                List.of(new RecordingHeader.Stream("rb", "event", 48)), "h", "6.18");
        Path file = tmp.resolve("rec");
        RecordingWriter.create(file, h, new RecordingWriter.Options(0, 0, false)).close();
        Files.delete(copy.resolve("exitsnoop.bpf.o"));
        Files.delete(copy.resolve("package.yaml"));
        try (RecordingReader r = RecordingReader.open(file)) {
            PackageSpec again = RecordedPackage.load(r.header(), file.toString());
            assertEquals(spec.manifest(), again.manifest());
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(repo().resolve("packages/exitsnoop/exitsnoop.bpf.o")),
                    Files.readAllBytes(again.objectPath())));
            assertEquals(Map.of("target_pid", "7"), r.header().params());
        }
    }

    @Test
    void anEmbeddedObjectTravelsAsAFileWhereItsBinaryIsGone() throws Exception {
        byte[] object = Files.readAllBytes(repo().resolve("packages/exitsnoop/exitsnoop.bpf.o"));
        byte[] binary = new byte[object.length + 100];
        System.arraycopy(object, 0, binary, 100, object.length);
        Path tool = Files.write(tmp.resolve("tool"), binary);
        Path dir = Files.createDirectories(tmp.resolve("pkg"));
        Files.writeString(dir.resolve("package.yaml"), "name: t\nobject: {embedded-in: " + tool
                + "}\nexports: [{map: rb, struct: event}]\n");
        PackageSpec spec = PackageLoader.load(dir);
        RecordingHeader h = RecordedPackage.header(spec, Map.of(), List.of(new RecordingHeader.Stream("rb", "event",
                48)), "h", "6.18");
        Path file = tmp.resolve("rec");
        RecordingWriter.create(file, h, new RecordingWriter.Options(0, 0, false)).close();
        Files.delete(tool);
        try (RecordingReader r = RecordingReader.open(file)) {
            PackageSpec again = RecordedPackage.load(r.header(), file.toString());
            assertEquals("tool.bpf.o", again.manifest().object());
            assertEquals(spec.manifest().exports(), again.manifest().exports());
            assertTrue(java.util.Arrays.equals(object, Files.readAllBytes(again.objectPath())));
        }
    }

    @Test
    void aHeaderWhoseObjectNameClimbsOutIsRefused() throws Exception {
        RecordingHeader bad = new RecordingHeader(0, "h", "k", "package.yaml", "name: x\nobject: x.bpf.o\n".getBytes(),
                "../x.bpf.o", new byte[] {1}, Map.of(), List.of(new RecordingHeader.Stream("rb", "event", 4)));
        Path file = tmp.resolve("bad");
        RecordingWriter.create(file, bad, new RecordingWriter.Options(0, 0, false)).close();
        RecordingException e = assertThrows(RecordingException.class, () -> RecordingReader.open(file));
        assertEquals(file + ": package.object_name must be a plain file name, got '../x.bpf.o'", e.getMessage());
    }
}
