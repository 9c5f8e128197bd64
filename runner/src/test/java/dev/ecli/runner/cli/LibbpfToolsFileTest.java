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
 * packages/libbpf-tools statsnoop, mountsnoop and opensnoop, run from the objects Debian's binaries embed,
 * on stats, mounts and opens the test makes; mountsnoop and opensnoop against the C tools.
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

    @Test
    void opensnoopSeesOpensAndFailuresAsTheCToolDoes() throws Exception {
        Path marker = Files.writeString(tmp.resolve("ecli-open-marker"), "x");
        Path missing = tmp.resolve("ecli-open-missing");
        try (LibbpfTool t = LibbpfTool.start("opensnoop", List.of("--text"), List.of(), "PATH")) {
            long ok = LibbpfTool.run("cat", marker.toString());
            long failed = LibbpfTool.run("cat", missing.toString());
            List<JsonNode> ours = t.stop(500);

            List<JsonNode> opened = ours.stream().filter(e -> e.get("pid").asLong() == ok
                    && e.get("fname").asText().equals(marker.toString())).toList();
            assertEquals(1, opened.size(), ours.toString());
            assertEquals("cat", opened.getFirst().get("comm").asText());
            int fd = opened.getFirst().get("ret").asInt();
            assertTrue(fd >= 3, "a descriptor after stdin, stdout, stderr: " + fd);
            assertEquals(Integer.toString(fd), opened.getFirst().get("ret_text").asText());
            assertEquals("O_RDONLY", opened.getFirst().get("flags_text").asText(), "cat opens its files read-only");
            List<JsonNode> refused = ours.stream().filter(e -> e.get("pid").asLong() == failed
                    && e.get("fname").asText().equals(missing.toString())).toList();
            assertEquals(1, refused.size(), ours.toString());
            assertEquals(-2, refused.getFirst().get("ret").asInt());
            assertEquals("-ENOENT", refused.getFirst().get("ret_text").asText());

            // PID COMM FD ERR PATH
            List<List<String>> theirs = t.theirRows();
            assertEquals(List.of(List.of(Long.toString(ok), "cat", Integer.toString(fd), "0", marker.toString())),
                    theirs.stream().filter(r -> r.size() == 5 && r.get(4).equals(marker.toString())).toList());
            assertEquals(List.of(List.of(Long.toString(failed), "cat", "-1", "2", missing.toString())),
                    theirs.stream().filter(r -> r.size() == 5 && r.get(4).equals(missing.toString())).toList());
        }
    }
}
