package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.loop.Warnings;
import dev.ecli.runner.output.EventClock;
import dev.ecli.runner.output.OutputOptions;
import dev.ecli.runner.output.TableSink;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.record.RecordedPackage;
import dev.ecli.runner.record.RecordingHeader;
import dev.ecli.runner.record.RecordingReader;
import dev.ecli.runner.record.RecordingWriter;
import dev.ecli.runner.record.Replay;
import dev.ecli.runner.record.ReplayPlan;
import dev.ecli.runner.session.RunPlan;
import dev.ecli.runner.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped package's table lines up: under its header, each cell of a row starts at its
 * heading's column, for a record of zeros and one whose char arrays are full (no NUL: the
 * longest text they can hold). Checked on the streams a live run plans (with and without
 * {@code -t}, and {@code --raw}) and on the streams a replay of a recording plans. No BPF: the
 * records are made here and decoded through the package's own stream view.
 */
class TableAlignmentTest {
    @TempDir
    Path tmp;

    @AfterEach
    void systemClock() {
        EventClock.use(java.time.Clock.systemDefaultZone());
    }

    /** Every package directory shipped: packages/, its collections, examples/. */
    static List<Path> shipped() throws Exception {
        Path root = RunnerProcess.repoRoot();
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(root.resolve("packages"), root.resolve("packages/libbpf-tools"), root.resolve("examples"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> Files.isRegularFile(p.resolve("package.yaml")) || Files.isRegularFile(p.resolve("package.json")))
                        .sorted().forEach(out::add);
            }
        }
        return out;
    }

    /** The plan a live run makes; a text option with no default (an interface to attach to) gets lo. */
    private static RunPlan plan(Path pkg) throws Exception {
        RunPlan.Basis basis = RunPlan.Basis.read(PackageLoader.load(pkg));
        ParamValues values = new ParamValues();
        for (ParamSpec p : basis.params()) {
            if (p.kind() == ParamSpec.Kind.CHARS && p.defaultText().isEmpty() && p.cgroupMap() == null) {
                values.set(p, "lo");
            }
        }
        return RunPlan.of(basis, values, null, List.of());
    }

    /** A record of zeros, and one whose top-level char arrays are full of 'x'. */
    static List<byte[]> records(EventStream s) {
        byte[] zeros = new byte[(int) s.plan().size()];
        byte[] full = zeros.clone();
        for (Field f : s.plan().fields()) {
            if (f instanceof Field.CharsField c) {
                Arrays.fill(full, (int) c.offset(), (int) c.offset() + c.length(), (byte) 'x');
            }
        }
        return List.of(zeros, full);
    }

    private static List<String> table(EventStream s, OutputOptions options, List<byte[]> rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableSink sink = new TableSink(out, List.of(s), options);
        sink.begin();
        for (byte[] r : rows) {
            sink.event(s, MemorySegment.ofArray(r));
        }
        sink.close();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * Each of {@code row}'s cells starts at its heading's column in {@code header}: a space just
     * before it, and either text at the column or (an empty cell) spaces up to the next one.
     */
    static void assertAligned(String where, String header, String row) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) != ' ' && (i == 0 || header.charAt(i - 1) == ' ')) {
                starts.add(i);
            }
        }
        String context = where + "\n" + header + "\n" + row;
        assertTrue(row.length() >= starts.getLast(), "a row shorter than its header: " + context);
        for (int k = 1; k < starts.size(); k++) {
            int s = starts.get(k);
            assertEquals(' ', row.charAt(s - 1), "column " + k + " does not start at its heading: " + context);
            int end = k + 1 < starts.size() ? starts.get(k + 1) : row.length();
            if (s < row.length() && row.charAt(s) == ' ') {
                assertTrue(row.substring(s, Math.min(end, row.length())).isBlank(),
                        "column " + k + " starts after its heading: " + context);
            }
        }
    }

    private static void assertTableAligned(String where, List<String> lines, int rows) {
        assertEquals(rows + 1, lines.size(), where + ": " + lines);
        for (int i = 1; i < lines.size(); i++) {
            assertAligned(where + " row " + i, lines.getFirst(), lines.get(i));
        }
    }

    @Test
    void everyShippedPackagesRowsStartUnderTheirHeadings() throws Exception {
        int streams = 0;
        for (Path pkg : shipped()) {
            RunPlan plan = plan(pkg);
            for (RunPlan p : List.of(plan, plan.raw())) {
                for (EventStream s : p.streams()) {
                    List<byte[]> rows = records(s);
                    String where = pkg.getFileName() + " " + s.map() + (p == plan ? "" : " --raw");
                    assertTableAligned(where, table(s, OutputOptions.NONE, rows), rows.size());
                    assertTableAligned(where + " -t", table(s, OutputOptions.NONE.timestamped(true), rows), rows.size());
                    streams++;
                }
            }
        }
        assertTrue(streams >= 30, "streams checked: " + streams);
    }

    @Test
    void longTextIsCutAtItsColumnAndWideShowsItWhole() throws Exception {
        Path mountsnoop = RunnerProcess.repoRoot().resolve("packages/libbpf-tools/mountsnoop");
        EventStream s = plan(mountsnoop).streams().getFirst();
        List<byte[]> rows = records(s);
        List<String> cut = table(s, OutputOptions.NONE, rows);
        List<String> wide = table(s, OutputOptions.NONE.widened(true), rows);
        // struct event's dest is char[4096]: its column is 24 wide, the cell 23 x's and …
        String header = cut.getFirst();
        int dest = header.indexOf("DEST ");
        assertEquals("x".repeat(TableSink.TEXT_CAP - 1) + "…", cut.get(2).substring(dest, dest + TableSink.TEXT_CAP));
        assertTrue(wide.get(2).contains("x".repeat(4096)), "--wide: the whole path");
        assertTrue(cut.get(2).length() < 400, cut.get(2));
    }

    /** A recording of {@code plan}'s package: per stream, the records of {@link #records}. */
    private static Path record(RunPlan plan, Path file) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (ParamSpec p : plan.basis().params()) {
            params.put(p.variable(), plan.values().textOf(p));
        }
        List<RecordingHeader.Stream> recorded = plan.streams().stream()
                .map(s -> new RecordingHeader.Stream(s.map(), s.plan().typeName(), (int) s.plan().size())).toList();
        RecordingHeader header = RecordedPackage.header(plan.pkg(), params, recorded, "host", "6.18.0");
        long time = 1_000_000_000L;
        try (RecordingWriter w = RecordingWriter.create(file, header, new RecordingWriter.Options(0, 0, false))) {
            for (int i = 0; i < plan.streams().size(); i++) {
                for (byte[] r : records(plan.streams().get(i))) {
                    w.record(i, 0, time += 1_000_000, MemorySegment.ofArray(r));
                }
            }
        }
        return file;
    }

    @Test
    void theReplayCommandCutsLongTextAndWideShowsItWhole() throws Exception {
        Path pkg = RunnerProcess.repoRoot().resolve("packages/libbpf-tools/mountsnoop");
        Path file = record(plan(pkg), tmp.resolve("mountsnoop.rec"));
        try (RunnerProcess p = RunnerProcess.start("replay", file.toString(), "-t")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            assertTableAligned("replay -t", p.allStdout, 2);
            assertTrue(p.allStdout.get(2).contains("x".repeat(TableSink.TEXT_CAP - 1) + "… "), p.allStdout.get(2));
        }
        try (RunnerProcess p = RunnerProcess.start("replay", file.toString(), "--wide")) {
            assertEquals(0, p.waitFor(), "stderr: " + p.stderr);
            assertTrue(p.allStdout.get(2).contains("x".repeat(4096)), "the whole char[4096]");
            assertTrue(p.allStdout.get(2).indexOf('…') < 0, p.allStdout.get(2));
        }
    }

    @Test
    void replayedRecordingsLineUpToo() throws Exception {
        int streams = 0;
        for (Path pkg : shipped()) {
            RunPlan plan = plan(pkg);
            if (plan.streams().isEmpty()) {
                continue; // sampled maps only: nothing recorded
            }
            Path file = record(plan, tmp.resolve(pkg.getFileName() + ".rec"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (RecordingReader reader = RecordingReader.open(file)) {
                RunPlan replayed = ReplayPlan.of(reader.header(), file.toString(), null, List.of());
                TableSink sink = new TableSink(out, replayed.streams(), OutputOptions.NONE.timestamped(true));
                sink.begin();
                Replay replay = new Replay(sink, EventClock.replaying(), 0, 0, Warnings.none());
                replay.use(replayed.streams(), file.toString());
                while (reader.next(replay)) {
                    // records go to the sink
                }
                replay.rethrow();
                sink.close();
            }
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            // per stream: its header (on its first event when there are several), then two rows
            assertEquals(3 * plan.streams().size(), lines.size(), pkg + ": " + lines);
            for (int i = 0; i < lines.size(); i += 3) {
                assertTableAligned(pkg.getFileName() + " replayed", lines.subList(i, i + 3), 2);
                streams++;
            }
        }
        assertTrue(streams >= 15, "streams replayed: " + streams);
    }
}
