package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packages/libbpf-tools runqslower, run from the object Debian's binary embeds, against the C
 * tool on the wakeups of a shell the test wakes: the same count (one program of each tp_btf and
 * raw_tp twin loads, so no wakeup counts twice) and the same threads.
 */
@Tag("bpf")
class LibbpfToolsSchedTest {
    @TempDir
    Path tmp;

    @Test
    void runqslowerSeesEachWakeupOnceAsTheCToolDoes() throws Exception {
        Path fifo = tmp.resolve("go");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // Blocks on the FIFO until both tools are attached, then sleeps and wakes a few times; the C
        // tool takes no 0 us threshold, so both trace waits of 1 us and more.
        Process sh = new ProcessBuilder("sh", "-c", "read x < " + fifo + "; sleep 0.05; sleep 0.05; sleep 0.05")
                .start();
        String pid = Long.toString(sh.pid());
        try (LibbpfTool t = LibbpfTool.start("runqslower", List.of("--pid", pid, "--min-us", "1"),
                List.of("-p", pid, "1"), "LAT")) {
            Files.writeString(fifo, "go\n");
            assertTrue(sh.waitFor(10, TimeUnit.SECONDS));
            List<JsonNode> ours = t.stop(500).stream().filter(e -> e.get("pid").asLong() == sh.pid()).toList();

            assertTrue(!ours.isEmpty(), "the shell woke: " + ours);
            ours.forEach(e -> assertEquals("sh", e.get("task").asText()));
            // TIME COMM TID LAT(us)
            List<List<String>> theirs = t.theirRows().stream().filter(r -> r.size() == 4 && r.get(2).equals(pid))
                    .toList();
            assertEquals(theirs.size(), ours.size(), "the C tool saw " + t.theirLines() + "; ours " + ours);
            theirs.forEach(r -> assertEquals("sh", r.get(1)));
        } finally {
            sh.destroyForcibly();
        }
    }
}
