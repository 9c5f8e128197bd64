package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * --enrich on a host with thousands of cgroups (bench/enrich-cgroups.sh takes 15,000): a steady
 * stream of exits from a cgroup made after the runner's walk is written whole and named from
 * its first event (found by its handle, not cached as unknown), unknown names read the same in
 * every field, and the first SIGTERM ends the run with its summary.
 */
@Tag("bpf")
class EnrichManyCgroupsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CGROUPS = 3000;
    private static final int EXITS = 150;
    private final List<Path> made = new ArrayList<>();

    @AfterEach
    void removeCgroups() throws Exception {
        for (int i = made.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(made.get(i));
        }
    }

    /** A child that moves itself into {@code cg} and exits with 3; its pid. */
    private static long exitIn(Path cg) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo $$ > '" + cg.resolve("cgroup.procs") + "' && exit 3").start();
        assertEquals(3, p.waitFor());
        return p.pid();
    }

    @Test
    void everyExitIsWrittenAndALateCgroupIsNamed() throws Exception {
        RunnerProcess.requireBpf();
        Path parent = TestCgroup.create("ecli-many-" + ProcessHandle.current().pid());
        made.add(parent);
        for (int i = 0; i < CGROUPS; i++) {
            made.add(Files.createDirectory(parent.resolve("c" + i + ".scope")));
        }
        try (RunnerProcess r = RunnerProcess.start("run", RunnerProcess.repoRoot().resolve("packages/exitsnoop")
                .toString(), "--enrich", "-o", "json", "--fields", "pid,exit_code,cgroup,unit,runtime,container")) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            // Made after the runner's first walk.
            Path late = Files.createDirectory(parent.resolve("late.service"));
            made.add(late);
            String latePath = "/" + parent.getParent().relativize(late);
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < EXITS; i++) {
                pids.add(exitIn(late));
                Thread.sleep(10);
            }
            r.awaitLine(l -> l.startsWith("{\"pid\":" + pids.getLast() + ","), 60);
            assertEquals(0, r.signal("TERM"), r.stderr.toString());
            assertTrue(r.stderr.getLast().contains("(stopped: terminated)"), r.stderr.toString());
            Map<Long, JsonNode> ours = new HashMap<>();
            for (String line : r.allStdout) {
                JsonNode e = JSON.readTree(line);
                if (pids.contains(e.get("pid").asLong())) {
                    ours.put(e.get("pid").asLong(), e);
                }
                String cgroup = e.get("cgroup").asText();
                if (cgroup.isEmpty()) {
                    for (String f : List.of("unit", "runtime", "container")) {
                        assertEquals("", e.get(f).asText("null"), "unknown reads the same everywhere: " + line);
                    }
                }
            }
            assertEquals(pids.size(), ours.size(), "every exit written");
            // As root the cgroup made after the walk is opened by its handle: named from its first event.
            for (JsonNode e : ours.values()) {
                assertEquals(latePath, e.get("cgroup").asText(), e.toString());
                assertEquals("late.service", e.get("unit").asText(), e.toString());
            }
        }
    }
}
