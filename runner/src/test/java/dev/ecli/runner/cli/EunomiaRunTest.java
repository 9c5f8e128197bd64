package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.CPrinter;
import dev.ecli.elf.ElfFile;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An eunomia-bpf {@code package.json}, made here the way ecc makes one (the object zlib-compressed
 * and base64-encoded inline, its size, {@code meta.bpf_skel.obj_name}, {@code meta.export_types}),
 * from an object we compile, runs unmodified and prints exactly the events our own package of the
 * same object prints.
 */
@Tag("bpf")
class EunomiaRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** eunomia's package.json for an object. */
    static ObjectNode eunomiaPackage(byte[] elf, String objName, String struct) throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(elf);
        }
        Btf btf = Btf.fromElf(ElfFile.parse(elf));
        BtfType.Struct s = (BtfType.Struct) btf.find(struct, BtfKind.STRUCT).orElseThrow();
        ObjectNode root = JSON.createObjectNode();
        root.put("bpf_object", Base64.getEncoder().encodeToString(z.toByteArray()));
        root.put("bpf_object_size", elf.length);
        ObjectNode meta = root.putObject("meta");
        meta.putObject("bpf_skel").put("obj_name", objName);
        ObjectNode type = meta.putArray("export_types").addObject().put("name", struct).put("size", s.size())
                .put("type_id", s.id());
        ArrayNode members = type.putArray("members");
        for (BtfType.Member m : s.members()) {
            members.addObject().put("name", m.name()).put("type", CPrinter.typeName(btf, m.typeId()));
        }
        return root;
    }

    /** The events of process {@code pid}, up to the one whose line contains {@code last}. */
    private static List<String> opensOf(RunnerProcess r, long pid, String last) throws InterruptedException {
        List<String> lines = new java.util.ArrayList<>();
        String prefix = "{\"pid\":" + pid + ",";
        do {
            lines.add(r.awaitLine(l -> l.startsWith(prefix), 10));
        } while (!lines.getLast().contains(last));
        return lines;
    }

    @Test
    void runsUnmodifiedAndPrintsTheSameEventsAsOurPackage() throws Exception {
        RunnerProcess.requireBpf();
        Path ours = Files.createDirectories(tmp.resolve("opensnoop"));
        Path shipped = RunnerProcess.repoRoot().resolve("examples/opensnoop");
        for (String f : List.of("opensnoop.h", "opensnoop.bpf.c", "package.yaml")) {
            Files.copy(shipped.resolve(f), ours.resolve(f));
        }
        assertEquals(0, BuildCommandTest.build(ours).code());
        byte[] elf = Files.readAllBytes(ours.resolve("opensnoop.bpf.o"));
        Path eunomia = Files.createDirectories(tmp.resolve("eunomia")).resolve("package.json");
        Files.writeString(eunomia, JSON.writeValueAsString(eunomiaPackage(elf, "opensnoop", "event")));

        Path file = Files.writeString(tmp.resolve("eunomia-" + System.nanoTime()), "x\n");
        try (RunnerProcess a = RunnerProcess.start("run", ours.toString(), "-o", "json");
             RunnerProcess b = RunnerProcess.start("run", eunomia.toString(), "-o", "json")) {
            a.awaitStderr(l -> l.contains("attached"), 30);
            b.awaitStderr(l -> l.contains("attached"), 30);
            Process reader = new ProcessBuilder("cat", file.toString()).start();
            assertEquals(0, reader.waitFor());
            String needle = "\"filename\":\"" + file + "\"";
            List<String> fromOurs = opensOf(a, reader.pid(), needle);
            List<String> fromEunomia = opensOf(b, reader.pid(), needle);
            assertEquals("{\"pid\":" + reader.pid() + ",\"comm\":\"cat\"," + needle + "}", fromOurs.getLast());
            // Every open of cat's (the loader's, libc's, then the file), the same in both.
            assertEquals(fromOurs, fromEunomia);
            assertEquals(0, a.signal("INT"), a.stderr.toString());
            assertEquals(0, b.signal("INT"), b.stderr.toString());
            assertTrue(b.stderr.stream().noneMatch(l -> l.contains("Exception")), b.stderr.toString());
        }
    }
}
