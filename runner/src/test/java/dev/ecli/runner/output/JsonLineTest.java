package dev.ecli.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.btf.Btf;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.format.Formats;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JsonSink writes common members straight from the record (JsonLine) and the rest through its
 * visitor; either way each line must be exactly what the visitor alone writes. Random records
 * of the test struct that holds every kind (runner/src/test/bpf/allkinds), no kernel needed.
 */
class JsonLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path root() {
        String prop = System.getProperty("ecli.repoRoot");
        return prop != null ? Path.of(prop) : Path.of("..");
    }

    static EventStream allKinds() throws dev.ecli.runner.decode.DecodeException {
        Btf btf = Btf.fromElf(ElfFile.read(root().resolve("runner/src/test/bpf/allkinds/allkinds.bpf.o")));
        return new EventStream("events", DecodePlan.compile(btf, "allkinds"));
    }

    /** What the visitor alone writes for one record: the reference. */
    static String viaVisitor(EventStream s, MemorySegment record) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonSink v = new JsonSink(bytes, OutputOptions.NONE);
        s.decode(record, v);
        v.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String viaSink(JsonSink sink, ByteArrayOutputStream bytes, EventStream s, MemorySegment record)
            throws Exception {
        bytes.reset();
        sink.event(s, record);
        sink.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Random bytes, with text-like runs now and then so strings hit both the fast and escaped paths. */
    static void randomize(MemorySegment r, Random rnd) {
        byte[] b = new byte[(int) r.byteSize()];
        rnd.nextBytes(b);
        if (rnd.nextBoolean()) {
            for (int i = 0; i < b.length; i++) {
                if (rnd.nextInt(4) != 0) {
                    b[i] = (byte) (' ' + rnd.nextInt(95));
                }
                if (rnd.nextInt(10) == 0) {
                    b[i] = 0;
                }
            }
        }
        MemorySegment.copy(MemorySegment.ofArray(b), 0, r, 0, b.length);
    }

    @Test
    void everyKindMatchesTheVisitorOnRandomRecords() throws Exception {
        EventStream s = allKinds();
        MemorySegment r = Arena.ofAuto().allocate(s.plan().size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonSink sink = new JsonSink(bytes, OutputOptions.NONE);
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            randomize(r, rnd);
            String want = viaVisitor(s, r) + "\n";
            assertEquals(want, viaSink(sink, bytes, s, r));
        }
        JSON.readTree(viaSink(sink, bytes, s, r));
    }

    @Test
    void selectedAndReorderedFieldsMatchTheVisitor() throws Exception {
        EventStream all = allKinds();
        MemorySegment r = Arena.ofAuto().allocate(all.plan().size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonSink sink = new JsonSink(bytes, OutputOptions.NONE);
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            List<Field> fields = new ArrayList<>(all.plan().fields());
            Collections.shuffle(fields, rnd);
            EventStream s = all.withFields(fields.subList(0, rnd.nextInt(fields.size() + 1)));
            randomize(r, rnd);
            assertEquals(viaVisitor(s, r) + "\n", viaSink(sink, bytes, s, r));
        }
    }

    @Test
    void taggedStreamsAndTextCompanionsKeepTheirShape() throws Exception {
        EventStream plain = allKinds();
        ValueFormat hex = Formats.of("hex", 4).orElseThrow();
        EventStream s = new EventStream("events", plain.plan(), plain.fields(), Map.of("u32max", hex),
                Map.of(), x -> true);
        MemorySegment r = Arena.ofAuto().allocate(s.plan().size());
        randomize(r, new Random(3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String tagged = viaSink(new JsonSink(bytes, OutputOptions.NONE.tagging(true).withTextFields(true)),
                bytes, s, r);
        String members = viaVisitor(plain, r);
        long u32 = JSON.readTree(members).get("u32max").asLong();
        String expected = "{\"_map\":\"events\"," + members.substring(1, members.length() - 1)
                .replace("\"u32max\":" + u32 + ",", "\"u32max\":" + u32 + ",\"u32max_text\":\"" + hex.format(u32) + "\",")
                + "}\n";
        assertEquals(expected, tagged);
        assertEquals("events", JSON.readTree(tagged).get("_map").asText());
    }

    @Test
    void shortRecordsAreRefused() throws Exception {
        EventStream s = allKinds();
        MemorySegment r = Arena.ofAuto().allocate(s.plan().size() - 1);
        JsonSink sink = new JsonSink(new ByteArrayOutputStream(), OutputOptions.NONE);
        assertThrows(IllegalArgumentException.class, () -> sink.event(s, r));
    }

    @Test
    void cStringsStopAtNulAndEscapeLikeJsonChars() throws Exception {
        byte[][] cases = {
            "plain".getBytes(StandardCharsets.US_ASCII),
            {'a', 0, 'b'},
            {'q', '"', 'x'},
            {'\\', '\n', 1},
            {'e', (byte) 0xc3, (byte) 0xa9, 0},
            {(byte) 0xff, 'z'},
            {},
        };
        for (byte[] c : cases) {
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteOutput fast = new ByteOutput(a, 4);
            fast.jsonCString(MemorySegment.ofArray(c), 0, c.length);
            fast.flush();
            int n = 0;
            while (n < c.length && c[n] != 0) {
                n++;
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ByteOutput ref = new ByteOutput(b, 4);
            ref.jsonChars(MemorySegment.ofArray(c), 0, n);
            ref.flush();
            assertEquals(b.toString(StandardCharsets.UTF_8), a.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void unsignedDecimalsAtEveryLength() throws Exception {
        long v = 1;
        for (int digits = 1; digits <= 19; digits++) {
            for (long x : new long[] {v - 1, v, v + 1, v * 9 + (v - 1)}) {
                if (x < 0) {
                    continue;
                }
                ByteArrayOutputStream a = new ByteArrayOutputStream();
                ByteOutput o = new ByteOutput(a, 1);
                o.unsigned(x);
                o.flush();
                assertEquals(Long.toUnsignedString(x), a.toString(StandardCharsets.US_ASCII));
            }
            v *= 10;
        }
        Random rnd = new Random(5);
        for (int i = 0; i < 10000; i++) {
            long x = rnd.nextLong() >>> rnd.nextInt(64);
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteOutput o = new ByteOutput(a, 1);
            o.unsigned(x);
            o.signed(x);
            o.flush();
            assertEquals(Long.toUnsignedString(x) + x, a.toString(StandardCharsets.US_ASCII));
        }
    }
}
