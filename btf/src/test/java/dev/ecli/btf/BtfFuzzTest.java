package dev.ecli.btf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecli.elf.ElfFile;
import dev.ecli.fuzz.Replay;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Coverage-guided fuzzing of the BTF reader (issue #8). The input is an ELF object (its .BTF is
 * read with and without the DATASEC fix-up) or a raw blob (read alone and as split BTF on top of
 * a fixed base); every type of what parsed is then walked through the whole API. Only
 * {@link BtfFormatException} may come out: no other exception, no stack overflow, no hang.
 *
 * <p>{@code mvn test} replays the seeds and past crash inputs in
 * {@code src/test/resources/dev/ecli/btf/BtfFuzzTestInputs/parse}; {@code scripts/fuzz.sh btf}
 * fuzzes.
 */
class BtfFuzzTest {
    /** Split BTF needs a base: the one every-kind blob, both byte orders read the same. */
    private static final Btf BASE = Btf.parse(Samples.everyKind(java.nio.ByteOrder.LITTLE_ENDIAN).build());

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] bytes) throws Throwable {
        Replay.bounded(() -> parseOnce(bytes));
    }

    private static void parseOnce(byte[] bytes) throws IOException {
        if (ElfFile.isElf(bytes)) {
            ElfFile elf;
            try {
                elf = ElfFile.parse(bytes);
            } catch (BtfFormatException notAnObject) {
                return;
            }
            walkOrReject(() -> Btf.fromElf(elf));
            walkOrReject(() -> Btf.fromElf(elf, false));
        } else {
            walkOrReject(() -> Btf.parse(bytes));
            walkOrReject(() -> Btf.parseSplit(bytes, BASE));
        }
    }

    private static void walkOrReject(java.util.function.Supplier<Btf> parse) {
        Btf btf;
        try {
            btf = parse.get();
        } catch (BtfFormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("BtfFormatException without a message", expected);
            }
            return;
        }
        walk(btf);
    }

    /** Every call a reader of this BTF might make, on every type; each may only reject. */
    static void walk(Btf btf) {
        try {
            BtfDumper.dump(btf, new StringBuilder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        btf.pointerSize();
        btf.toString();
        for (int id = 0; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            int tid = id;
            btf.kind(id);
            btf.findAll(t.name());
            if (t.kind() != BtfKind.UNKN) {
                btf.find(t.name(), t.kind());
            }
            quietly(() -> btf.resolve(tid));
            quietly(() -> btf.skipModifiers(tid));
            quietly(() -> btf.typedefChain(tid));
            quietly(() -> btf.sizeOf(tid));
            quietly(() -> btf.alignOf(tid));
            quietly(() -> CPrinter.declaration(btf, tid, true));
            quietly(() -> CPrinter.declaration(btf, tid, false));
            quietly(() -> CPrinter.typeName(btf, tid));
            quietly(() -> CPrinter.declarator(btf, tid, "x"));
            if (t instanceof BtfType.Composite c) {
                for (BtfType.Member m : c.members()) {
                    quietly(() -> btf.bitfieldWidth(m));
                    quietly(() -> btf.memberBitOffset(m));
                }
            }
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (BtfFormatException expected) {
            // Malformed in a way only this call notices: allowed.
        }
    }
}
