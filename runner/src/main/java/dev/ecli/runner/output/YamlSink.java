package dev.ecli.runner.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ecli.runner.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;

/**
 * Writes each event as a YAML document ({@code ---} then one key per field), for people who
 * prefer YAML to JSON lines. Built on the JSON sink, so values follow the same contract: each
 * JSON line is streamed token by token into a YAML generator (no data binding, whose set-up
 * would cost the first event tens of milliseconds). It allocates per event, which is fine for
 * output read by people.
 */
public final class YamlSink implements Sink {
    private static final JsonFactory JSON = new JsonFactory();

    private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(512);
    private final JsonSink json;
    private final OutputStream out;
    private final YAMLFactory yaml;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private final boolean flushEachEvent;

    /** Same parameters as {@link JsonSink#JsonSink(OutputStream, OutputOptions)}. */
    public YamlSink(OutputStream out, OutputOptions options) {
        this.out = out;
        this.flushEachEvent = options.flushEachEvent();
        this.json = new JsonSink(scratch, options.flushing(false));
        this.yaml = factory();
    }

    @Override
    public void event(EventStream stream, MemorySegment record) throws IOException {
        scratch.reset();
        json.event(stream, record);
        json.flush();
        document(scratch.toByteArray(), yaml, pending);
        if (flushEachEvent || pending.size() > 32 * 1024) {
            flush();
        }
    }

    /** The YAML style: plain scalars where YAML allows them, long strings on one line. */
    static YAMLFactory factory() {
        return YAMLFactory.builder().disable(YAMLGenerator.Feature.SPLIT_LINES)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
    }

    /** One JSON value as one complete YAML document ("---" then the value), appended to {@code out}. */
    static void document(byte[] json, YAMLFactory yaml, OutputStream out) throws IOException {
        try (JsonParser p = JSON.createParser(json); JsonGenerator g = yaml.createGenerator(out)) {
            p.nextToken();
            g.copyCurrentStructure(p);
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
