package dev.ecli.runner.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;

/**
 * Writes each event as a YAML document ({@code ---} then one key per field), for people who
 * prefer YAML to JSON lines. Built on the JSON sink, so values follow the same contract; it
 * allocates per event, which is fine for output read by people.
 */
public final class YamlSink implements Sink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(512);
    private final JsonSink json;
    private final OutputStream out;
    private final ObjectMapper yaml;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private final boolean flushEachEvent;

    /** Same parameters as {@link JsonSink#JsonSink(OutputStream, boolean, boolean, boolean, boolean)}. */
    public YamlSink(OutputStream out, boolean flushEachEvent, boolean tagStreams, boolean timestamps,
                    boolean withText) {
        this.out = out;
        this.flushEachEvent = flushEachEvent;
        this.json = new JsonSink(scratch, false, tagStreams, timestamps, withText);
        YAMLFactory f = YAMLFactory.builder().disable(YAMLGenerator.Feature.SPLIT_LINES)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
        this.yaml = new ObjectMapper(f);
    }

    @Override
    public void event(EventStream stream, MemorySegment record) throws IOException {
        scratch.reset();
        json.event(stream, record);
        json.flush();
        JsonNode node = JSON.readTree(scratch.toByteArray());
        // One complete document per event ("---" then the fields).
        pending.write(yaml.writeValueAsBytes(node));
        if (flushEachEvent || pending.size() > 32 * 1024) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending.size() > 0) {
            pending.writeTo(out);
            pending.reset();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
