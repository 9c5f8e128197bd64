package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.pkg.load.PackageLoader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eunomia package.json: the object inline, base64 of zlib, bounded by its declared size. */
class EunomiaPackageTest {
    @TempDir
    Path tmp;

    private byte[] elf;

    @BeforeEach
    void readObject() throws Exception {
        elf = Files.readAllBytes(PackageFixtures.exitsnoopObject());
    }

    private static String zlibBase64(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** A package.json shaped like ecc's output, trimmed to what ecli reads. */
    private Path write(String data, long size) throws Exception {
        String json = """
                {
                  "bpf_object": "%s",
                  "bpf_object_size": %d,
                  "meta": {
                    "bpf_skel": {
                      "obj_name": "exitsnoop",
                      "maps": [{"ident": "rb", "name": "rb"}],
                      "progs": [{"name": "handle_exit", "attach": "tp/sched/sched_process_exit"}]
                    },
                    "export_types": [{"name": "event", "members": [%s], "size": %d, "type_id": %d}]
                  }
                }
                """.formatted(data, size, members(), event().size(), event().id());
        return Files.writeString(tmp.resolve("package.json"), json);
    }

    /** The object's exported struct, as ecc would describe it. */
    private BtfType.Struct event() throws Exception {
        Btf btf = Btf.fromElf(ElfFile.parse(elf));
        return (BtfType.Struct) btf.find("event", BtfKind.STRUCT).orElseThrow();
    }

    private String members() throws Exception {
        return String.join(", ", event().members().stream()
                .map(m -> "{\"name\": \"" + m.name() + "\", \"type\": \"int\"}").toList());
    }

    @Test
    void loadsTheInlineObject() throws Exception {
        write(zlibBase64(elf), elf.length);
        PackageSpec spec = PackageLoader.load(tmp);
        assertEquals(PackageSpec.Kind.EUNOMIA, spec.kind());
        assertArrayEquals(elf, spec.objectBytes());
        assertNull(spec.objectPath());
        assertEquals("exitsnoop.bpf.o", spec.objectName());
        assertEquals("exitsnoop", spec.manifest().name());
        // rb, a ring buffer, carries export_types[0], found by its id.
        assertEquals(List.of(new Export("rb", "event", null, null, event().id())), spec.manifest().exports());
        assertEquals(tmp.resolve("package.json"), spec.manifestPath());
        assertEquals(List.of(new EunomiaExportType("event", event().members().stream()
                .map(m -> new EunomiaExportType.Member(m.name(), "int")).toList(), event().size(), event().id())),
                spec.exportTypes());
    }

    @Test
    void exportTypesAreOptionalAndChecked() throws Exception {
        String data = zlibBase64(elf);
        Path p = Files.writeString(tmp.resolve("package.json"), """
                {"bpf_object": "%s", "bpf_object_size": %d,
                 "meta": {"bpf_skel": {"obj_name": "x"}}}
                """.formatted(data, elf.length));
        assertEquals(List.of(), PackageLoader.load(p).exportTypes());
        Files.writeString(p, """
                {"bpf_object": "%s", "bpf_object_size": %d,
                 "meta": {"bpf_skel": {"obj_name": "x"},
                  "export_types": [{"name": "event", "size": -4}]}}
                """.formatted(data, elf.length));
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertEquals(p + ":3:46: 'meta.export_types[0].size' must be an integer from 0 to 2147483647, got -4", e.getMessage());
    }

    @Test
    void anEcliManifestHasNoExportTypes() throws Exception {
        assertEquals(List.of(), PackageLoader.load(PackageFixtures.exitsnoopDir()).exportTypes());
    }

    @Test
    void refusesToInflatePastTheDeclaredSize() throws Exception {
        Path p = write(zlibBase64(elf), 1024);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertEquals(p + ":2:17: 'bpf_object' inflates to more than 'bpf_object_size' (1024 bytes)", e.getMessage());
    }

    @Test
    void aZipBombStopsAtTheDeclaredSize() throws Exception {
        Path p = write(zlibBase64(new byte[50 << 20]), 4096);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertTrue(e.getMessage().contains("inflates to more than 'bpf_object_size' (4096 bytes)"), e.getMessage());
    }

    @Test
    void shortDataIsReported() throws Exception {
        Path p = write(zlibBase64(elf), elf.length + 10L);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertEquals(p + ":2:17: 'bpf_object' inflates to " + elf.length + " bytes, but 'bpf_object_size' says "
                + (elf.length + 10), e.getMessage());
    }

    @Test
    void hugeDeclaredSizeIsRefused() throws Exception {
        Path p = write(zlibBase64(elf), 1L << 40);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertTrue(e.getMessage().startsWith(p + ":3:22: 'bpf_object_size' must be an integer from 1 to"), e.getMessage());
    }

    @Test
    void badBase64() throws Exception {
        Path p = write("not*base64", 10);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertTrue(e.getMessage().startsWith(p + ":2:17: 'bpf_object' is not "), e.getMessage());
    }

    @Test
    void notZlib() throws Exception {
        Path p = write(Base64.getEncoder().encodeToString("plain text, not zlib".getBytes()), 10);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertTrue(e.getMessage().startsWith(p + ":2:17: 'bpf_object' is not zlib data"), e.getMessage());
    }

    @Test
    void notElf() throws Exception {
        byte[] text = "hello, not an object".getBytes();
        Path p = write(zlibBase64(text), text.length);
        PackageException e = assertThrows(PackageException.class, () -> PackageLoader.load(p));
        assertEquals(p + ":2:17: 'bpf_object' does not hold an ELF object", e.getMessage());
    }
}
