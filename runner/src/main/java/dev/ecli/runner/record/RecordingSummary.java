package dev.ecli.runner.record;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a recording holds, read through once: per stream its records and drop totals, the time
 * span, and how the file ends (its end frame's summary, or where it was cut).
 *
 * @param records  per stream (header order), records in the file
 * @param dropped  per stream, the last drop total recorded (kernel drops plus lost samples)
 * @param firstNanos the first record's receive time, ns since the epoch; 0 without records
 * @param lastNanos  the last record's
 * @param end      the end frame's JSON, or null
 * @param cut      where the file was cut, or null
 */
public record RecordingSummary(RecordingHeader header, long[] records, long[] dropped, long firstNanos,
                               long lastNanos, String end, String cut) {
    /**
     * Reads {@code file} to its end.
     * @throws RecordingException when it is not a recording or is damaged
     */
    public static RecordingSummary of(Path file) throws RecordingException {
        try (RecordingReader r = RecordingReader.open(file)) {
            int n = r.header().streams().size();
            long[] records = new long[n], dropped = new long[n];
            long[] span = {0, 0};
            String[] end = {null};
            RecordingReader.Visitor v = new RecordingReader.Visitor() {
                @Override
                public void record(int stream, int cpu, long timeNanos, MemorySegment bytes) {
                    records[stream]++;
                    if (span[0] == 0) {
                        span[0] = timeNanos;
                    }
                    span[1] = timeNanos;
                }

                @Override
                public void drops(int stream, long timeNanos, long d, long lost) {
                    dropped[stream] = d + lost;
                }

                @Override
                public void end(String summary) {
                    end[0] = summary;
                }
            };
            while (r.next(v)) {
                // counting
            }
            return new RecordingSummary(r.header(), records, dropped, span[0], span[1], end[0], r.cut());
        }
    }

    /** Records in all streams. */
    public long total() {
        return Arrays.stream(records).sum();
    }
}
