package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ecli.elf.ElfFile;
import dev.ecli.elf.ElfSection;
import java.io.IOException;
import java.util.Random;

/**
 * Deterministic mutation of ELF objects and BTF blobs, and a workout of the whole API on each
 * mutant in which only {@link BtfFormatException} may be thrown.
 */
final class Mutations {
    private static final int[] INTERESTING = {0, 1, -1, 0x7fffffff, 0x80000000, 0xffff, 0x10000, 12, 24, 0x1000000};

    private Mutations() {}

    /**
     * Mutates {@code original} {@code count} times with {@code seed}, running each mutant.
     *
     * @return how many mutants parsed (so that the caller can check the deeper code was reached)
     */
    static int run(String what, byte[] original, int count, long seed) {
        Random rnd = new Random(seed);
        int btfStart = 0, btfLen = original.length;
        if (ElfFile.isElf(original)) {
            ElfFile elf = ElfFile.parse(original);
            ElfSection s = elf.section(".BTF").orElseThrow();
            btfStart = (int) s.offset();
            btfLen = (int) s.size();
        }
        int parsed = 0;
        for (int n = 0; n < count; n++) {
            byte[] m = original.clone();
            int edits = 1 + rnd.nextInt(6);
            for (int e = 0; e < edits; e++) {
                int r = rnd.nextInt(10);
                int pos;
                if (r < 6) {
                    pos = btfStart + (rnd.nextBoolean() ? rnd.nextInt(Math.min(btfLen, 64)) : rnd.nextInt(btfLen));
                } else if (r < 8) {
                    pos = rnd.nextBoolean() ? rnd.nextInt(64) : m.length - 1 - rnd.nextInt(Math.min(m.length, 2048));
                } else {
                    pos = rnd.nextInt(m.length);
                }
                if (rnd.nextBoolean()) {
                    m[pos] = (byte) rnd.nextInt(256);
                } else {
                    pos &= ~3;
                    int v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                    for (int k = 0; k < 4 && pos + k < m.length; k++) {
                        m[pos + k] = (byte) (v >>> (8 * k));
                    }
                }
            }
            if (survive(what + " mutant #" + n + " (seed " + seed + ")", m)) {
                parsed++;
            }
        }
        return parsed;
    }

    /** Runs the bytes through everything; true when they parsed. Fails on any other throwable. */
    static boolean survive(String what, byte[] bytes) {
        try {
            Btf btf;
            if (ElfFile.isElf(bytes)) {
                ElfFile elf = ElfFile.parse(bytes);
                try {
                    workout(Btf.fromElf(elf, true));
                } catch (BtfFormatException expected) {
                    // The fix-up may find no section or symbol; the raw BTF is still worth a run.
                }
                btf = Btf.fromElf(elf, false);
            } else {
                btf = Btf.parse(bytes);
            }
            workout(btf);
            return true;
        } catch (BtfFormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                fail(what + ": BtfFormatException without a message");
            }
            return false;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
            return false;
        }
    }

    private static void workout(Btf btf) throws IOException {
        BtfDumper.dump(btf, new StringBuilder());
        for (int id = 0; id < btf.typeCount(); id++) {
            BtfType t = btf.type(id);
            btf.findAll(t.name());
            int finalId = id;
            quietly(() -> btf.resolve(finalId));
            quietly(() -> btf.skipModifiers(finalId));
            quietly(() -> btf.typedefChain(finalId));
            quietly(() -> btf.sizeOf(finalId));
            quietly(() -> btf.alignOf(finalId));
            quietly(() -> CPrinter.declaration(btf, finalId, true));
            quietly(() -> CPrinter.typeName(btf, finalId));
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
