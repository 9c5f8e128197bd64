package dev.ecli.runner.output;

import dev.ecli.runner.sample.MapSnapshot;
import dev.ecli.runner.stream.EventStream;
import java.io.IOException;

/** Writes what a read of a sampled map found: as a table (rows or histograms) or as JSON lines. */
public interface SampleWriter {
    /**
     * Writes one snapshot and flushes.
     * @param view the map's rows as a stream: fields shown, their formats and widths
     */
    void write(MapSnapshot snapshot, EventStream view) throws IOException;
}
