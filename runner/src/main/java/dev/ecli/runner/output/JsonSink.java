package dev.ecli.runner.output;

import dev.ecli.runner.decode.ValueVisitor;
import dev.ecli.runner.stream.EventStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;

/**
 * Writes each event as one JSON object on its own line, keys in struct order. When the package
 * exports several maps, each object starts with {@code "_map":"NAME"} so consumers can tell
 * the streams apart. Formats into a reused buffer: no allocation per event.
 */
public final class JsonSink implements Sink, ValueVisitor {
    private static final int DRAIN_AT = 64 * 1024;
    private static final int MAX_DEPTH = 64;

    private final ByteOutput out;
    private final boolean flushEachEvent;
    private final boolean tagStreams;
    /** first[d]: no value written yet at nesting depth d. */
    private final boolean[] first = new boolean[MAX_DEPTH + 1];
    private int depth;

    /**
     * @param out     where lines go
     * @param options flushing, {@code "_map"} tags, {@code "_time"} (the local time the event was
     *                received) and {@code NAME_text} fields; colour does not apply
     */
    public JsonSink(OutputStream out, OutputOptions options) {
        this.out = new ByteOutput(out, 128 * 1024);
        this.flushEachEvent = options.flushEachEvent();
        this.tagStreams = options.tagStreams();
        this.timestamps = options.timestamps();
        this.withText = options.textFields();
    }

    private final boolean withText;
    /** The formats of the stream being written, when withText. */
    private java.util.Map<String, dev.ecli.runner.format.ValueFormat> formats = java.util.Map.of();
    /** The top-level field whose value comes next, when it has a format. */
    private String textKey;
    private dev.ecli.runner.format.ValueFormat textFormat;

    private final boolean timestamps;
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    @Override
    public void event(EventStream stream, MemorySegment record) throws IOException {
        if (withText) {
            formats = stream.formats();
        }
        JsonLine l = line;
        if (l == null || l.stream != stream) {
            l = line = JsonLine.compile(stream, withText);
        }
        if (record.byteSize() < stream.plan().size()) {
            throw new IllegalArgumentException("record of " + record.byteSize() + " bytes is shorter than "
                    + stream.plan().typeName() + " (" + stream.plan().size() + " bytes)");
        }
        out.write((byte) '{');
        if (tagStreams || timestamps) {
            String sep = "";
            if (timestamps) {
                out.ascii("\"_time\":\"" + TIME.format(java.time.LocalDateTime.now(EventClock.get())) + "\"");
                sep = ",";
            }
            if (tagStreams) {
                out.ascii(sep + "\"_map\":\"");
                out.jsonString(stream.map());
                out.write((byte) '"');
            }
            l.writeMembers(record, out, this, true);
        } else {
            l.writeMembers(record, out, this, false);
        }
        out.write((byte) '}');
        out.write((byte) '\n');
        if (flushEachEvent) {
            out.flush();
        } else {
            out.drainAbove(DRAIN_AT);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /**
     * The compiled members of the last stream written (events almost always come from one
     * stream in a row); see {@link JsonLine}.
     */
    private JsonLine line;

    /** Writes one top-level member's value (its key is written) through the visitor. */
    void memberValue(dev.ecli.runner.decode.Field f, MemorySegment record) {
        depth = 1;
        first[1] = false;
        pendingName = true;
        if (withText) {
            textFormat = formats.get(f.name());
            textKey = textFormat == null ? null : f.name();
        }
        f.visit(record, 0, this);
    }

    private void separate() {
        if (!first[depth]) {
            out.write((byte) ',');
        }
        first[depth] = false;
    }

    @Override
    public void name(String name) {
        separate();
        byte[] key = keys.get(name);
        if (key == null) {
            key = keyBytes(name);
            keys.put(name, key);
        }
        out.write(key);
        pendingName = true;
        if (withText && depth == 1) {
            textFormat = formats.get(name);
            textKey = textFormat == null ? null : name;
        }
    }

    /** After a top-level number: its formatted text under NAME_text, when asked for. */
    private void text(long value) {
        if (textKey != null) {
            out.ascii(",\"");
            out.jsonString(textKey + "_text");
            out.ascii("\":\"");
            out.jsonString(textFormat.format(value));
            out.write((byte) '"');
            textKey = null;
        }
    }

    /** {@code "name":} as escaped UTF-8, once per field: names are the plan's own String instances. */
    private final java.util.IdentityHashMap<String, byte[]> keys = new java.util.IdentityHashMap<>();

    private static byte[] keyBytes(String name) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        ByteOutput o = new ByteOutput(b, 64);
        o.write((byte) '"');
        o.jsonString(name);
        o.ascii("\":");
        try {
            o.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** A key was just written: the value that follows takes no comma. */
    private boolean pendingName;

    /** Before each value: a comma unless it directly follows its name or opens a container. */
    private void value() {
        if (pendingName) {
            pendingName = false;
        } else if (depth > 0) {
            separate();
        }
    }

    @Override
    public void signed(long value) {
        value();
        out.signed(value);
        text(value);
    }

    @Override
    public void unsigned(long value) {
        value();
        out.unsigned(value);
        text(value);
    }

    @Override
    public void integer(java.math.BigInteger value) {
        value();
        out.ascii(value.toString());
    }

    @Override
    public void bool(boolean value) {
        value();
        out.ascii(value ? "true" : "false");
    }

    @Override
    public void floating(double value) {
        value();
        if (Double.isFinite(value)) {
            out.ascii(Double.toString(value));
        } else {
            out.ascii("null");
        }
    }

    @Override
    public void chars(MemorySegment record, long offset, int length) {
        value();
        out.write((byte) '"');
        out.jsonChars(record, offset, length);
        out.write((byte) '"');
    }

    @Override
    public void enumerator(String name, long value) {
        value();
        out.write((byte) '"');
        out.jsonString(name);
        out.write((byte) '"');
    }

    @Override
    public void beginObject() {
        open((byte) '{');
    }

    @Override
    public void endObject() {
        close((byte) '}');
    }

    @Override
    public void beginArray() {
        open((byte) '[');
    }

    @Override
    public void endArray() {
        close((byte) ']');
    }

    private void open(byte b) {
        value();
        out.write(b);
        if (depth >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nesting deeper than " + MAX_DEPTH);
        }
        first[++depth] = true;
    }

    private void close(byte b) {
        out.write(b);
        depth--;
    }
}
