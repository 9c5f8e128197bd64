package dev.ecli.runner.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfType;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.fuzz.Replay;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.OutputOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the event decoder (issue #8): a struct, then a record of random bytes
 * at least as long as the struct, decoded through {@link JsonSink}. {@link DecodePlan#compile} may
 * refuse the struct with {@link DecodeException}; once it has accepted it, decoding never throws
 * and its output is exactly one line holding one JSON object.
 *
 * <p>The struct comes from the fuzz input in one of two ways (first choice of the input): a small
 * BTF type graph generated from the input ({@link Gen}: every kind the decoder meets, bitfields of
 * both encodings, anonymous members, typedef and modifier chains, cycles, odd names), or a struct
 * or union picked from the BTF of the repository's committed objects.
 *
 * <p>{@code mvn test} replays the seeds and past crash inputs in
 * {@code src/test/resources/dev/ecli/runner/decode/DecodeFuzzTestInputs/decode};
 * {@code scripts/fuzz.sh decode} fuzzes.
 */
class DecodeFuzzTest {
    /** Records larger than this are not decoded: a ring buffer record is far smaller. */
    private static final long MAX_RECORD = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Committed> COMMITTED = committed();

    /** A committed object's BTF and its structs and unions. */
    private record Committed(String name, Btf btf, int[] composites) {}

    @FuzzTest(maxDuration = "10s")
    void decode(FuzzedDataProvider in) throws Throwable {
        Replay.bounded(() -> decodeOnce(in));
    }

    private static void decodeOnce(FuzzedDataProvider in) throws IOException {
        Btf btf;
        int root;
        if (in.consumeBoolean() && !COMMITTED.isEmpty()) {
            Committed c = COMMITTED.get(in.consumeInt(0, COMMITTED.size() - 1));
            btf = c.btf();
            root = c.composites()[in.consumeInt(0, c.composites().length - 1)];
        } else {
            Gen gen = new Gen(in);
            byte[] blob = gen.build();
            try {
                btf = Btf.parse(blob);
            } catch (BtfFormatException e) {
                throw new AssertionError("the generator wrote invalid BTF: " + e.getMessage(), e);
            }
            root = gen.root;
        }
        boolean tag = in.consumeBoolean();
        boolean time = in.consumeBoolean();
        int extra = in.consumeInt(0, 16);
        DecodePlan plan;
        try {
            plan = DecodePlan.compile(btf, root);
        } catch (DecodeException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank(), "empty message");
            return;
        }
        if (plan.size() > MAX_RECORD) {
            return;
        }
        byte[] data = Arrays.copyOf(in.consumeRemainingAsBytes(), (int) plan.size() + extra);
        MemorySegment record = MemorySegment.ofArray(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonSink sink = new JsonSink(out, OutputOptions.NONE.tagging(tag).timestamped(time))) {
            sink.event(new EventStream("rb", plan), record);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, "not one line: " + text);
        JsonNode node = JSON.readTree(text);
        assertTrue(node.isObject(), "not an object: " + text);
        if (!tag && !time && distinctNames(plan.fields())) {
            assertEquals(plan.fields().size(), node.size(), "one key per field: " + text);
        }
        // The same record decoded again reads the same (no state leaks between events).
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (JsonSink sink = new JsonSink(again, OutputOptions.NONE.flushing(true).tagging(tag))) {
            sink.event(new EventStream("rb", plan), record);
            sink.event(new EventStream("rb", plan), record);
        }
        String[] lines = again.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(3, lines.length);
        assertEquals(lines[0], lines[1]);
    }

    private static boolean distinctNames(List<Field> fields) {
        return fields.stream().map(Field::name).distinct().count() == fields.size();
    }

    private static List<Committed> committed() {
        String prop = System.getProperty("ecli.repoRoot");
        Path root = prop != null ? Path.of(prop) : Path.of("..");
        List<Committed> out = new ArrayList<>();
        for (String o : List.of("packages/exitsnoop/exitsnoop.bpf.o", "examples/execsnoop/execsnoop.bpf.o",
                "examples/opensnoop/opensnoop.bpf.o", "examples/sigsnoop/sigsnoop.bpf.o",
                "runner/src/test/bpf/allkinds/allkinds.bpf.o", "runner/src/test/bpf/droppy/droppy.bpf.o",
                "btf/src/test/resources/dev/ecli/btf/kinds-el.bpf.o",
                "btf/src/test/resources/dev/ecli/btf/kinds-eb.bpf.o")) {
            Path p = root.resolve(o);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            Btf btf = Btf.fromElf(ElfFile.read(p));
            int[] ids = java.util.stream.IntStream.range(1, btf.typeCount())
                    .filter(id -> btf.type(id) instanceof BtfType.Composite).toArray();
            if (ids.length > 0) {
                out.add(new Committed(o, btf, ids));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Writes a raw BTF blob of up to 24 types chosen by the fuzz input. References stay inside
     * the blob, so it always parses; what they form (cycles, odd sizes, overlapping members) is
     * the input's choice.
     */
    static final class Gen {
        private static final int[] KINDS = {1, 1, 1, 2, 3, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 11, 13, 16, 18, 19};
        private final FuzzedDataProvider in;
        private final ByteArrayOutputStream types = new ByteArrayOutputStream();
        private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
        private final ByteOrder order;
        private final int count;
        int root;

        Gen(FuzzedDataProvider in) {
            this.in = in;
            this.order = in.consumeBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            this.count = in.consumeInt(1, 24);
            strings.write(0);
        }

        byte[] build() {
            int lastComposite = 0;
            for (int id = 1; id <= count; id++) {
                int kind = KINDS[in.consumeInt(0, KINDS.length - 1)];
                type(id, kind);
                if (kind == 4 || kind == 5) {
                    lastComposite = id;
                }
            }
            root = in.consumeBoolean() || lastComposite == 0 ? in.consumeInt(1, count) : lastComposite;
            byte[] t = types.toByteArray();
            byte[] s = strings.toByteArray();
            ByteBuffer b = ByteBuffer.allocate(24 + t.length + s.length).order(order);
            b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24);
            b.putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
            return b.put(t).put(s).array();
        }

        private void type(int id, int kind) {
            switch (kind) {
                case 1 -> { // INT
                    int size = pick(1, 2, 4, 8, 16, in.consumeInt(0, 32));
                    int encoding = in.consumeInt(0, 7);
                    int bits = in.consumeBoolean() ? size * 8 : in.consumeInt(0, 128);
                    int offset = in.consumeBoolean() ? 0 : in.consumeInt(0, 127);
                    header(name("int" + id), kind, 0, false, size);
                    word(encoding << 24 | offset << 16 | bits);
                }
                case 2 -> header(0, kind, 0, false, ref(id)); // PTR
                case 3 -> { // ARRAY
                    header(0, kind, 0, false, 0);
                    word(ref(id));
                    word(ref(id));
                    word(in.consumeBoolean() ? in.consumeInt(0, 20) : in.consumeInt());
                }
                case 4, 5 -> { // STRUCT, UNION
                    int vlen = in.consumeInt(0, 8);
                    boolean kflag = in.consumeBoolean();
                    int size = in.consumeBoolean() ? in.consumeInt(0, 256) : in.consumeInt();
                    header(in.consumeBoolean() ? 0 : name("s" + id), kind, vlen, kflag, size);
                    for (int i = 0; i < vlen; i++) {
                        word(memberName(i));
                        word(ref(id));
                        int bitOff = in.consumeBoolean() ? 8 * in.consumeInt(0, 64) : in.consumeInt(0, 1 << 12);
                        word(kflag ? in.consumeInt(0, 255) << 24 | (bitOff & 0xffffff) : bitOff);
                    }
                }
                case 6, 19 -> { // ENUM, ENUM64
                    int vlen = in.consumeInt(0, 4);
                    int size = kind == 6 ? pick(1, 2, 4, 8, in.consumeInt(0, 16), 4) : 8;
                    header(in.consumeBoolean() ? 0 : name("e" + id), kind, vlen, in.consumeBoolean(), size);
                    for (int i = 0; i < vlen; i++) {
                        word(in.consumeBoolean() ? name("E" + id + "_" + i) : name(in.consumeString(12)));
                        word(in.consumeInt());
                        if (kind == 19) {
                            word(in.consumeInt());
                        }
                    }
                }
                case 7 -> header(name("f" + id), kind, 0, in.consumeBoolean(), 0); // FWD
                case 8 -> header(name("td" + id), kind, 0, false, ref(id)); // TYPEDEF
                case 9, 10, 11 -> header(0, kind, 0, false, ref(id)); // VOLATILE, CONST, RESTRICT
                case 13 -> { // FUNC_PROTO
                    int vlen = in.consumeInt(0, 2);
                    header(0, kind, vlen, false, ref(id));
                    for (int i = 0; i < vlen; i++) {
                        word(0);
                        word(ref(id));
                    }
                }
                case 16 -> header(name("float" + id), kind, 0, false, pick(2, 4, 8, 12, 16, in.consumeInt(0, 32)));
                case 18 -> header(name("tag"), kind, 0, false, ref(id)); // TYPE_TAG
                default -> throw new IllegalStateException("kind " + kind);
            }
        }

        /** Mostly an earlier type (a DAG), sometimes any (cycles, forward references). */
        private int ref(int id) {
            return in.consumeBoolean() ? in.consumeInt(0, id - 1) : in.consumeInt(0, count);
        }

        private int pick(int... choices) {
            return choices[in.consumeInt(0, choices.length - 1)];
        }

        private int memberName(int i) {
            return switch (in.consumeInt(0, 3)) {
                case 0 -> 0; // anonymous: flattened when a struct or union
                case 1 -> name(in.consumeString(12)); // quotes, escapes, any code point
                default -> name("m" + i);
            };
        }

        private int name(String s) {
            String clean = s.replace("\0", "");
            if (clean.isEmpty()) {
                return 0;
            }
            int off = strings.size();
            strings.writeBytes(clean.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        }

        private void header(int nameOff, int kind, int vlen, boolean kflag, int sizeOrType) {
            word(nameOff);
            word((kflag ? 1 << 31 : 0) | kind << 24 | vlen);
            word(sizeOrType);
        }

        private void word(int v) {
            byte[] b = ByteBuffer.allocate(4).order(order).putInt(v).array();
            types.writeBytes(b);
        }
    }
}
