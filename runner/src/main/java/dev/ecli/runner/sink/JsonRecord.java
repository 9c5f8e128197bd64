package dev.ecli.runner.sink;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * One event as a JSON object in its own byte array: the line {@code -o json} writes, without
 * the newline, with constant members (such as {@code "_host"}) first. The JSON comes from a
 * {@link JsonSink} writing into a reused buffer, so both outputs always agree.
 */
final class JsonRecord {
    private final Capture capture = new Capture();
    private final JsonSink json;
    /** {@code "name":"value",...} of the constant members, without braces. */
    private final byte[] constants;

    /**
     * @param json      makes the JSON writer over a stream; it must flush after each event
     * @param constants members written first, in order
     */
    JsonRecord(Function<OutputStream, JsonSink> json, Map<String, String> constants) {
        this.json = json.apply(capture);
        StringBuilder sb = new StringBuilder();
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        for (Map.Entry<String, String> c : constants.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append('"').append(enc.quoteAsString(c.getKey())).append("\":\"")
                    .append(enc.quoteAsString(c.getValue())).append('"');
        }
        this.constants = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The event's JSON object. */
    byte[] format(EventStream stream, MemorySegment record) throws IOException {
        capture.reset();
        json.event(stream, record);
        json.flush();
        byte[] line = capture.buffer();
        int len = capture.size();
        while (len > 0 && line[len - 1] == '\n') {
            len--;
        }
        if (constants.length == 0 || len < 2 || line[0] != '{') {
            return Arrays.copyOf(line, len);
        }
        // '{' + constants + (',' unless the object was empty) + the rest after '{'.
        boolean empty = line[1] == '}';
        byte[] out = new byte[len + constants.length + (empty ? 0 : 1)];
        out[0] = '{';
        System.arraycopy(constants, 0, out, 1, constants.length);
        int at = 1 + constants.length;
        if (!empty) {
            out[at++] = ',';
        }
        System.arraycopy(line, 1, out, at, len - 1);
        return out;
    }

    /** A byte array stream whose buffer can be read without a copy. */
    private static final class Capture extends ByteArrayOutputStream {
        Capture() {
            super(512);
        }

        byte[] buffer() {
            return buf;
        }
    }
}
