package dev.ecli.runner.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

class JsonSinkTest extends SinkContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    Sink newSink(OutputStream out, boolean flushEachEvent) {
        return new JsonSink(out, OutputOptions.NONE.flushing(flushEachEvent));
    }

    @Override
    List<Long> pids(String text) {
        return text.lines().map(l -> {
            try {
                return JSON.readTree(l).get("pid").asLong();
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
