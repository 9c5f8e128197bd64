package dev.ecli.runner.record;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecli.runner.fuzz.Replay;
import java.io.ByteArrayInputStream;
import java.lang.foreign.MemorySegment;

/**
 * Coverage-guided fuzzing of the recording reader: hostile recordings (cut, bit-flipped, lengths
 * that lie) may only end in a one-line {@link RecordingException}, and every record handed on
 * lies inside the input. {@code mvn test} replays the seeds in
 * {@code src/test/resources/dev/ecli/runner/record/RecordingFuzzTestInputs/read} (plain and LZ4
 * recordings the writer made); {@code scripts/fuzz.sh recording} fuzzes.
 */
class RecordingFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) throws Throwable {
        Replay.bounded(() -> readOnce(input));
    }

    private static void readOnce(byte[] input) {
        RecordingReader.Visitor v = new RecordingReader.Visitor() {
            @Override
            public void record(int stream, int cpu, long time, MemorySegment bytes) {
                if (bytes.byteSize() > input.length * 300L + 16) { // LZ4 expands at most ~255x
                    throw new AssertionError("a record larger than the input could hold: " + bytes.byteSize());
                }
            }
        };
        try (RecordingReader r = RecordingReader.open(new ByteArrayInputStream(input), "fuzz")) {
            while (r.next(v)) {
                // every frame
            }
            r.cut();
        } catch (RecordingException expected) {
            String m = expected.getMessage();
            if (m == null || m.isBlank() || m.contains("\n") || !m.startsWith("fuzz: ")) {
                throw new AssertionError("not one line naming the input: " + m, expected);
            }
        }
    }
}
