package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packages/libbpf-tools biolatency, biopattern and bitesize, run from the objects Debian's
 * binaries embed, against the C tools on a loop device the test sets up and writes to: a dd of
 * {@link #WRITES} 4 KiB O_DIRECT writes, one at a time, so each write is one request (no merge,
 * no split) and both tools count exactly those. Both filter on the loop device (ours by its
 * dev_t, the C tools by its name), so the host's own disk traffic stays out.
 */
@Tag("bpf")
class LibbpfToolsBlockTest {
    private static final int WRITES = 64;

    @TempDir
    Path tmp;

    @Test
    void bitesizeCountsDdsWritesInTheFourKilobyteBucketAsTheCToolDoes() throws Exception {
        try (Loop loop = Loop.create(tmp);
             LibbpfTool t = LibbpfTool.start("bitesize", List.of("--comm", "dd", "--dev", loop.devT(),
                     "--filter-dev"), List.of("-c", "dd", "-d", loop.name()), "Tracing")) {
            loop.write(WRITES);
            List<JsonNode> ours = hists(t.stop(300));

            assertEquals(1, ours.size(), "dd alone: " + ours);
            assertEquals("dd", ours.getFirst().get("comm").asText());
            assertEquals(WRITES, ours.getFirst().get("total").asLong(), ours.toString());
            assertEquals(WRITES, bucket(ours.getFirst(), 4), "4 KiB each: " + ours);
            assertEquals(Map.of("Process Name = dd", (long) WRITES), t.theirHistogramTotals(),
                    t.theirLines().toString());
            assertTrue(t.theirLines().stream().anyMatch(l -> l.matches("\\s*4 -> 7\\s*: " + WRITES + "\\s.*")),
                    t.theirLines().toString());
        }
    }

    @Test
    void biopatternCountsTheLoopDevicesWritesSequentialAsTheCToolDoes() throws Exception {
        try (Loop loop = Loop.create(tmp);
             LibbpfTool t = LibbpfTool.start("biopattern", List.of("--dev", loop.devT(), "--filter-dev", "--text"),
                     List.of("-d", loop.name()), "DISK")) {
            loop.write(WRITES);
            List<JsonNode> ours = t.stop(300).stream().filter(e -> e.path("_map").asText().equals("counters"))
                    .toList();

            // The program counts a request against the one before it: the first only sets last_sector.
            long counted = WRITES - 1;
            assertEquals(1, ours.size(), ours.toString());
            JsonNode c = ours.getFirst();
            assertEquals(Long.parseLong(loop.devT()), c.get("dev").asLong());
            assertEquals(loop.name(), c.get("dev_text").asText(), "named as the C tool names it");
            assertEquals(counted, c.get("sequential").asLong(), ours.toString());
            assertEquals(0, c.get("random").asLong(), ours.toString());
            assertEquals(counted * 4096, c.get("bytes").asLong());
            assertEquals(WRITES * 8L, c.get("last_sector").asLong(), "the end of the last write, in sectors");
            // DISK %RND %SEQ COUNT KBYTES
            List<List<String>> theirs = t.theirRows().stream().filter(r -> r.getFirst().equals(loop.name())).toList();
            assertEquals(List.of(List.of(loop.name(), "0", "100", Long.toString(counted),
                    Long.toString(counted * 4))), theirs, t.theirLines().toString());
        }
    }

    @Test
    void biolatencyPerDiskHasOneHistogramOfTheLoopDevicesWritesAsTheCToolDoes() throws Exception {
        try (Loop loop = Loop.create(tmp);
             LibbpfTool t = LibbpfTool.start("biolatency", List.of("--disks", "--dev", loop.devT(),
                     "--filter-dev", "--text"), List.of("-D", "-d", loop.name()), "Tracing")) {
            loop.write(WRITES);
            List<JsonNode> ours = hists(t.stop(300));

            assertEquals(1, ours.size(), ours.toString());
            assertEquals(Long.parseLong(loop.devT()), ours.getFirst().get("dev").asLong());
            assertEquals(loop.name(), ours.getFirst().get("dev_text").asText());
            assertEquals(WRITES, ours.getFirst().get("total").asLong(), ours.toString());
            assertEquals(Map.of("disk = " + loop.name(), (long) WRITES), t.theirHistogramTotals(),
                    t.theirLines().toString());
        }
    }

    private static List<JsonNode> hists(List<JsonNode> rows) {
        return rows.stream().filter(e -> e.path("_map").asText().equals("hists")).toList();
    }

    /** The count of the log2 bucket whose low bound is {@code low}. */
    private static long bucket(JsonNode hist, long low) {
        for (JsonNode b : hist.get("buckets")) {
            if (b.get("low").asLong() == low) {
                return b.get("count").asLong();
            }
        }
        return 0;
    }

    /** A loop device over a 16 MiB file, detached on close. */
    private record Loop(String path, int major, int minor) implements AutoCloseable {
        static Loop create(Path dir) throws Exception {
            RunnerProcess.requireBpf();
            Path img = dir.resolve("disk.img");
            try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
                f.setLength(16 << 20);
            }
            Process p = new ProcessBuilder("losetup", "-f", "--show", img.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, p.waitFor(), "losetup: " + out);
            String[] mm = Files.readString(Path.of("/sys/class/block", Path.of(out).getFileName().toString(), "dev"))
                    .strip().split(":");
            return new Loop(out, Integer.parseInt(mm[0]), Integer.parseInt(mm[1]));
        }

        String name() {
            return Path.of(path).getFileName().toString();
        }

        /** The kernel's dev_t, as the programs compute it from the gendisk: major << 20 | minor. */
        String devT() {
            return Long.toString((long) major << 20 | minor);
        }

        /** Writes {@code n} 4 KiB blocks from the start, O_DIRECT, one at a time. */
        void write(int n) throws Exception {
            Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=" + path, "bs=4k", "count=" + n,
                    "oflag=direct", "status=none").redirectErrorStream(true).start();
            String out = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(dd.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, dd.exitValue(), out);
        }

        @Override
        public void close() throws Exception {
            new ProcessBuilder("losetup", "-d", path).start().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
