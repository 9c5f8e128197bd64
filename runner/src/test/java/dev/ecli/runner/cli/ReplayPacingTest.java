package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.record.RecordingHeader;
import dev.ecli.runner.record.RecordingWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --speed 1} of a recording whose times jump by 2^62 ns (146 years) skips the
 * gap with a note instead of sleeping through it, and still writes every record.
 */
class ReplayPacingTest {
    @TempDir
    Path tmp;

    @Test
    void aHugeGapIsSkippedWithANote() throws Exception {
        Path pkg = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        RecordingHeader header = new RecordingHeader(1_700_000_000_000_000_000L, "host1", "6.18.0", "package.yaml",
                Files.readAllBytes(pkg.resolve("package.yaml")), "exitsnoop.bpf.o",
                Files.readAllBytes(pkg.resolve("exitsnoop.bpf.o")), Map.of(),
                List.of(new RecordingHeader.Stream("rb", "event", 64)));
        Path file = tmp.resolve("gap.rec");
        long t0 = 1_700_000_000_000_000_000L;
        // Forward by 2^62 ns, a millisecond more, back to the earliest time there is, forward to the
        // start: four times over. A replay that waited even its cap at each jump would take 80 s.
        List<Long> times = new ArrayList<>(List.of(t0));
        for (int i = 0; i < 4; i++) {
            times.addAll(List.of(t0 + (1L << 62), t0 + (1L << 62) + 1_000_000, Long.MIN_VALUE, t0));
        }
        List<String> expected = new ArrayList<>();
        try (RecordingWriter w = RecordingWriter.create(file, header, new RecordingWriter.Options(0, 0, false))) {
            for (int i = 0; i < times.size(); i++) {
                byte[] event = new byte[64];
                event[0] = (byte) (i + 1); // the pid
                w.record(0, -1, times.get(i), MemorySegment.ofArray(event));
                expected.add("{\"pid\":" + (i + 1) + "}");
            }
            w.close("{}");
        }
        try (RunnerProcess r = RunnerProcess.start("replay", file.toString(), "--speed", "1", "-o", "json",
                "--fields", "pid")) {
            assertTrue(r.process.waitFor(30, TimeUnit.SECONDS), "replay still running after 30 s");
            assertEquals(0, r.waitFor(), r.stderr.toString());
            assertEquals(expected, r.allStdout);
            // Each cycle's two jumps forward are skipped: by 2^62 ns, and from Long.MIN_VALUE to t0.
            List<String> notes = r.stderr.stream().filter(l -> l.contains(" s without records at record ")).toList();
            assertEquals(8, notes.size(), r.stderr.toString());
            assertTrue(notes.getFirst().startsWith("ecli-java: " + file + ": 4611686018 s without records at record 2"
                    + " skipped (a replay waits at most 10 s between records)"), notes.toString());
        }
    }
}
