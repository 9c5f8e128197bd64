package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The run loop's acceptance test on the kernel (runner/src/test/bpf/tworings): two exported
 * rings fed by two syscalls of this process, and a sampled map counting both. An event in
 * either ring reaches a pipe while the other ring stays idle, and the map prints on its
 * 200 ms interval while no event comes. Functional: waits are generous, nothing is timed.
 */
@Tag("bpf")
class TwoRingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Linker C = Linker.nativeLinker();
    // pid_t getppid(void): one event in ring `first`.
    private static final MethodHandle GETPPID = C.downcallHandle(C.defaultLookup().find("getppid").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    // pid_t getpgid(pid_t pid): one event in ring `second`, carrying pid.
    private static final MethodHandle GETPGID = C.downcallHandle(C.defaultLookup().find("getpgid").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static boolean from(String line, String map) {
        return line.startsWith("{") && map.equals(json(line).path("_map").asText());
    }

    @Test
    void eitherRingIsWrittenWhileTheOtherIsIdleAndTheMapPrintsOnItsInterval() throws Throwable {
        RunnerProcess.requireBpf();
        long me = ProcessHandle.current().pid();
        String pkg = RunnerProcess.repoRoot().resolve("runner/src/test/bpf/tworings").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json", "--target-tgid", Long.toString(me))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int i = 0; i < 3; i++) {
                int ppid = (int) GETPPID.invokeExact();
            }
            for (int seq = 0; seq < 3; seq++) {
                JsonNode e = json(r.awaitLine(l -> from(l, "first"), 10));
                assertEquals(me, e.get("pid").asLong(), e.toString());
                assertEquals(seq, e.get("seq").asLong(), e.toString());
            }
            // Idle events: the map's periodic prints still come, with the three getppid calls.
            for (int i = 0; i < 2; i++) {
                JsonNode row = json(r.awaitLine(l -> from(l, "calls") && json(l).path("syscall").asInt() == 1, 10));
                assertEquals(3, row.get("calls").asLong(), row.toString());
            }
            int pgid = (int) GETPGID.invokeExact(4242);
            JsonNode e = json(r.awaitLine(l -> from(l, "second"), 10));
            assertEquals(me, e.get("pid").asLong(), e.toString());
            assertEquals(4242, e.get("asked").asInt(), e.toString());
            assertEquals(0, e.get("seq").asLong(), e.toString());
            JsonNode row = json(r.awaitLine(l -> from(l, "calls") && json(l).path("syscall").asInt() == 2, 10));
            assertEquals(1, row.get("calls").asLong(), row.toString());
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            List<String> events = r.allStdout.stream().filter(l -> from(l, "first") || from(l, "second")).toList();
            assertEquals(4, events.size(), events.toString());
            assertTrue(r.stderr.getLast().startsWith("ecli-java: 4 events in "), r.stderr.toString());
        }
    }
}
