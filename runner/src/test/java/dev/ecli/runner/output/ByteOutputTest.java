package dev.ecli.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteOutputTest {
    private static String render(java.util.function.Consumer<ByteOutput> w) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteOutput out = new ByteOutput(bytes, 4);
        w.accept(out);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void integersCoverTheFullRange() throws Exception {
        assertEquals("18446744073709551615", render(o -> o.unsigned(-1L)));
        assertEquals("9223372036854775808", render(o -> o.unsigned(Long.MIN_VALUE)));
        assertEquals("0", render(o -> o.unsigned(0)));
        assertEquals("-9223372036854775808", render(o -> o.signed(Long.MIN_VALUE)));
        assertEquals("-1", render(o -> o.signed(-1)));
        assertEquals("4294967295", render(o -> o.unsigned(0xffff_ffffL)));
    }

    @Test
    void stringsAreAlwaysValidJson() throws Exception {
        byte[] raw = {'a', '"', '\\', '\n', 1, (byte) 0xc3, (byte) 0xa9, (byte) 0xff, (byte) 0xe2, 'z'};
        String json = render(o -> {
            o.write((byte) '"');
            o.jsonChars(MemorySegment.ofArray(raw), 0, raw.length);
            o.write((byte) '"');
        });
        assertEquals("\"a\\\"\\\\\\n\\u0001\u00e9\\u00ff\\u00e2z\"", json);
        // Parses back: valid UTF-8 kept, invalid bytes mapped to their Latin-1 code points.
        assertEquals("a\"\\\n\u0001\u00e9\u00ff\u00e2z", new ObjectMapper().readValue(json, String.class));
    }

    @Test
    void bufferGrowsPastItsInitialCapacity() throws Exception {
        assertEquals("x".repeat(1000), render(o -> o.ascii("x".repeat(1000))));
    }
}
