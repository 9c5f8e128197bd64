package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One program of ours (examples/opensnoop) packaged in every form eunomia's ecc has written
 * ({@link EunomiaWriter}), each run unmodified: every one prints exactly the open of a file the
 * test makes, with cat's pid and the file's name.
 */
@Tag("bpf")
class EunomiaGenerationsTest {
    @TempDir
    Path tmp;

    private static EunomiaWriter opensnoop() throws Exception {
        byte[] elf = Files.readAllBytes(RunnerProcess.repoRoot().resolve("examples/opensnoop/opensnoop.bpf.o"));
        return new EunomiaWriter(elf, "opensnoop", "rb", "event");
    }

    /** The packages, by generation. */
    private Map<String, Path> packages() throws Exception {
        EunomiaWriter w = opensnoop();
        Map<String, Path> out = new LinkedHashMap<>();
        out.put("pre-0.3", EunomiaWriter.write(tmp.resolve("legacy"), w.legacy("event")));
        out.put("pre-0.3, layout only in JSON", EunomiaWriter.write(tmp.resolve("legacy-json"), w.legacy("open_record")));
        out.put("export_btf", EunomiaWriter.write(tmp.resolve("export-btf"), w.exportBtf()));
        out.put("current", EunomiaWriter.write(tmp.resolve("current"), w.current()));
        out.put("skel.json", w.skeletonBeside(tmp.resolve("skel")));
        out.put("tar", w.tar(tmp.resolve("opensnoop.tar")));
        return out;
    }

    @Test
    void everyGenerationPrintsTheOpenOfOurFile() throws Exception {
        RunnerProcess.requireBpf();
        Map<String, Path> packages = packages();
        List<RunnerProcess> runs = new ArrayList<>();
        try {
            for (Path p : packages.values()) {
                runs.add(RunnerProcess.start("run", p.toString(), "-o", "json"));
            }
            for (RunnerProcess r : runs) {
                r.awaitStderr(l -> l.contains("attached"), 60);
            }
            // Written by this JVM, which opens it too: the line wanted is cat's.
            Path file = Files.writeString(tmp.resolve("opened-" + System.nanoTime()), "x\n");
            Process cat = new ProcessBuilder("cat", file.toString()).start();
            assertEquals(0, cat.waitFor());
            String expected = "{\"pid\":" + cat.pid() + ",\"comm\":\"cat\",\"filename\":\"" + file + "\"}";
            int i = 0;
            for (String generation : packages.keySet()) {
                RunnerProcess r = runs.get(i++);
                String line = r.awaitLine(l -> l.startsWith("{\"pid\":" + cat.pid() + ",")
                        && l.contains("\"filename\":\"" + file + "\""), 15);
                assertEquals(expected, line, generation);
            }
            for (RunnerProcess r : runs) {
                assertEquals(0, r.signal("INT"), r.stderr.toString());
            }
        } finally {
            runs.forEach(RunnerProcess::close);
        }
    }

    @Test
    void customMembersPrintTheNamedBytesInOffsetOrder() throws Exception {
        RunnerProcess.requireBpf();
        EunomiaWriter w = opensnoop();
        ObjectNode root = w.current();
        ObjectNode meta = (ObjectNode) root.get("meta");
        meta.put("enable_multiple_export_types", true);
        var members = ((ObjectNode) meta.get("bpf_skel").get("maps").get(0)).putObject("export_config")
                .putArray("custom_members");
        // struct event: int pid at 0, char comm[16] at 4, char filename[256] at 20; listed out of order.
        dev.ecli.btf.Btf btf = dev.ecli.btf.Btf.fromElf(dev.ecli.elf.ElfFile.parse(
                Files.readAllBytes(RunnerProcess.repoRoot().resolve("examples/opensnoop/opensnoop.bpf.o"))));
        dev.ecli.btf.BtfType.Struct event = (dev.ecli.btf.BtfType.Struct) btf.find("event",
                dev.ecli.btf.BtfKind.STRUCT).orElseThrow();
        members.addObject().put("name", "path").put("offset", 20).put("btf_type_id", event.members().get(2).typeId());
        members.addObject().put("name", "tgid").put("offset", 0).put("btf_type_id", event.members().get(0).typeId());
        Path p = EunomiaWriter.write(tmp.resolve("custom"), root);
        try (RunnerProcess r = RunnerProcess.start("run", p.toString(), "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            Path file = Files.writeString(tmp.resolve("custom-" + System.nanoTime()), "x\n");
            Process cat = new ProcessBuilder("cat", file.toString()).start();
            assertEquals(0, cat.waitFor());
            String line = r.awaitLine(l -> l.startsWith("{\"tgid\":" + cat.pid() + ",")
                    && l.contains("\"path\":\"" + file + "\""), 15);
            assertEquals("{\"tgid\":" + cat.pid() + ",\"path\":\"" + file + "\"}", line);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
        }
    }
}
