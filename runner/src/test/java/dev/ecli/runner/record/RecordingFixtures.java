package dev.ecli.runner.record;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small recordings for the tests, and what a reader hands on, as plain values. */
final class RecordingFixtures {
    private RecordingFixtures() {}

    static RecordingHeader header() {
        return new RecordingHeader(1_700_000_000_000_000_000L, "host1", "6.18.0", "package.yaml",
                "name: x\nobject: x.bpf.o\n".getBytes(), "x.bpf.o", new byte[] {0x7f, 'E', 'L', 'F'},
                Map.of("target_pid", "42"), List.of(new RecordingHeader.Stream("rb", "event", 8),
                        new RecordingHeader.Stream("rb2", "other", 4)));
    }

    /** One thing a reader handed on. */
    record Item(String kind, int stream, int cpu, long time, List<Byte> bytes, long dropped, long lost) {}

    static List<Byte> bytes(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }

    /** Writes {@code n} records alternating between the two streams, drops in the middle, flushing every 3. */
    static List<Item> write(Path file, int n, RecordingWriter.Options options) throws Exception {
        List<Item> items = new ArrayList<>();
        try (RecordingWriter w = RecordingWriter.create(file, header(), options)) {
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[i % 2 == 0 ? 8 : 4];
                for (int j = 0; j < b.length; j++) {
                    b[j] = (byte) (i * 7 + j);
                }
                w.record(i % 2, i % 3 - 1, 1000L + i, MemorySegment.ofArray(b));
                items.add(new Item("record", i % 2, i % 3 - 1, 1000L + i, bytes(b), 0, 0));
                if (i == n / 2) {
                    w.drops(1, 5000L, 3, 4);
                    items.add(new Item("drops", 1, 0, 5000L, List.of(), 3, 4));
                }
                if (i % 3 == 2) {
                    w.flush();
                }
            }
        }
        return items;
    }

    /** Everything the reader hands on until the end or the cut. */
    static List<Item> read(RecordingReader r) throws Exception {
        List<Item> items = new ArrayList<>();
        RecordingReader.Visitor v = new RecordingReader.Visitor() {
            @Override
            public void record(int stream, int cpu, long time, MemorySegment b) {
                items.add(new Item("record", stream, cpu, time, bytes(b.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)), 0, 0));
            }

            @Override
            public void drops(int stream, long time, long dropped, long lost) {
                items.add(new Item("drops", stream, 0, time, List.of(), dropped, lost));
            }
        };
        while (r.next(v)) {
            // each call hands on one frame
        }
        return items;
    }

    static List<Item> read(Path file) throws Exception {
        try (RecordingReader r = RecordingReader.open(file)) {
            return read(r);
        }
    }

    static byte[] bytesOf(Path file) throws Exception {
        return Files.readAllBytes(file);
    }
}
