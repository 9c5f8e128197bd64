package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packages/libbpf-tools statsnoop and mountsnoop, run from the objects Debian's binaries embed,
 * on stats and mounts the test makes; mountsnoop against the C tool on the same mounts.
 */
@Tag("bpf")
class LibbpfToolsFileTest {
    @TempDir
    Path tmp;

    @Test
    void statsnoopSeesTheTestsStatsAndTheirErrors() throws Exception {
        Path marker = Files.writeString(tmp.resolve("ecli-stat-marker"), "x");
        Path missing = tmp.resolve("ecli-stat-missing");
        // Debian 0.26's C statsnoop looks for tracepoints named syscalls/statfs (not sys_enter_statfs),
        // finds none and loads no program: it prints nothing on any kernel, so only ours is checked.
        try (LibbpfTool t = LibbpfTool.start("statsnoop", List.of(), List.of(), "PATH")) {
            long ok = LibbpfTool.run("stat", marker.toString());
            long failed = LibbpfTool.run("stat", missing.toString());
            List<JsonNode> ours = t.stop(500);

            List<JsonNode> found = ours.stream().filter(e -> e.get("pid").asLong() == ok
                    && e.get("pathname").asText().equals(marker.toString())).toList();
            assertTrue(!found.isEmpty(), ours.toString());
            found.forEach(e -> {
                assertEquals(0, e.get("ret").asInt());
                assertEquals("stat", e.get("comm").asText());
            });
            List<JsonNode> notFound = ours.stream().filter(e -> e.get("pid").asLong() == failed
                    && e.get("pathname").asText().equals(missing.toString())).toList();
            assertTrue(!notFound.isEmpty(), ours.toString());
            notFound.forEach(e -> assertEquals(-2, e.get("ret").asInt(), "-ENOENT"));
            assertEquals(0, ours.stream().filter(e -> e.get("pid").asLong() == ok
                    && e.get("pathname").asText().equals(missing.toString())).count(), "no mix-up of processes");
        }
    }

    @Test
    void mountsnoopSeesMountAndUmountAsTheCToolDoes() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("mnt"));
        try (LibbpfTool t = LibbpfTool.start("mountsnoop", List.of(), List.of(), "MNT_NS")) {
            long mount = LibbpfTool.run("mount", "-t", "tmpfs", "ecli-src-25", dir.toString());
            long umount = LibbpfTool.run("umount", dir.toString());
            List<JsonNode> ours = t.stop(500);

            List<JsonNode> mounts = ours.stream().filter(e -> e.get("pid").asLong() == mount
                    && e.get("comm").asText().equals("mount")).toList();
            assertEquals(1, mounts.size(), ours.toString());
            JsonNode m = mounts.getFirst();
            assertEquals(List.of("ecli-src-25", dir.toString(), "tmpfs", 0, 0),
                    List.of(m.get("src").asText(), m.get("dest").asText(), m.get("fs").asText(), m.get("ret").asInt(),
                            m.get("op").asInt()));
            List<JsonNode> umounts = ours.stream().filter(e -> e.get("pid").asLong() == umount
                    && e.get("comm").asText().equals("umount")).toList();
            assertEquals(1, umounts.size(), ours.toString());
            assertEquals(List.of(dir.toString(), 0, 1), List.of(umounts.getFirst().get("dest").asText(),
                    umounts.getFirst().get("ret").asInt(), umounts.getFirst().get("op").asInt()));

            // COMM PID TID MNT_NS CALL
            String mountNs = Long.toString(m.get("mnt_ns").asLong());
            List<String> theirs = t.theirLines();
            assertEquals(List.of("mount " + mount + " " + mount + " " + mountNs + " mount(\"ecli-src-25\", \"" + dir
                    + "\", \"tmpfs\", 0x0, \"\") = 0"), theirs.stream().filter(l -> l.contains(" " + mount + " "))
                    .map(l -> l.trim().replaceAll("\\s{2,}", " ")).toList());
            assertEquals(List.of("umount " + umount + " " + umount + " " + mountNs + " umount(\"" + dir
                    + "\", 0x0) = 0"), theirs.stream().filter(l -> l.contains(" " + umount + " "))
                    .map(l -> l.trim().replaceAll("\\s{2,}", " ")).toList());
        }
    }
}
