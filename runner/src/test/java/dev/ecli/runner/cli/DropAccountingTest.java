package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Events are never lost silently: a flood into a one-page ring buffer (test package droppy)
 * drops most records, and the events printed plus the drops reported equal the events the
 * test produced.
 */
@Tag("bpf")
class DropAccountingTest {
    private static final int CALLS = 20_000;

    @Test
    void eventsSeenPlusDropsReportedEqualEventsProduced() throws Throwable {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve("runner/src/test/bpf/droppy").toString();
        // pid_t getppid(void): each call from this process emits one event.
        MethodHandle getppid = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("getppid").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json",
                "--target-tgid", Long.toString(ProcessHandle.current().pid()))) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            for (int i = 0; i < CALLS; i++) {
                int ppid = (int) getppid.invokeExact();
            }
            Thread.sleep(1500);
            assertEquals(0, r.signal("INT"), r.stderr.toString());
            List<String> lines = List.copyOf(r.allStdout);
            Set<Long> seqs = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (String l : lines) {
                seqs.add(json.readTree(l).get("seq").asLong());
            }
            assertEquals(lines.size(), seqs.size(), "every event printed once");
            String summary = r.stderr.stream().filter(l -> l.contains(" events")).reduce((a, b) -> b).orElseThrow();
            Matcher m = Pattern.compile("ecli-java: (\\d+) events, (\\d+) dropped by the kernel").matcher(summary);
            assertTrue(m.find(), summary);
            long seen = Long.parseLong(m.group(1));
            long dropped = Long.parseLong(m.group(2));
            assertEquals(lines.size(), seen, summary);
            assertTrue(dropped > 0, "a one-page ring must overflow: " + summary);
            assertEquals(CALLS, seen + dropped, summary);
            assertTrue(r.stderr.stream().anyMatch(l -> l.contains("records dropped by the kernel")), r.stderr.toString());
        }
    }
}
