package dev.ecli.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddedElfTest {
    private static byte[] object() {
        ElfBuilder b = new ElfBuilder(ByteOrder.LITTLE_ENDIAN);
        b.section("license", "GPL\0".getBytes());
        b.section("tracepoint/x/y", new byte[64]);
        return b.build();
    }

    private static byte[] wrap(byte[] prefix, byte[] inner, byte[] suffix) {
        byte[] out = new byte[prefix.length + inner.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(inner, 0, out, prefix.length, inner.length);
        System.arraycopy(suffix, 0, out, prefix.length + inner.length, suffix.length);
        return out;
    }

    @Test
    void findsTheObjectAndItsExactLength() {
        byte[] inner = object();
        byte[] outer = wrap("\u007fELF not this one, it is cut short".getBytes(), inner, new byte[100]);
        List<EmbeddedElf.Range> found = EmbeddedElf.find(outer, EmbeddedElf.EM_BPF);
        assertEquals(List.of(new EmbeddedElf.Range(34, inner.length)), found);
        assertArrayEquals(inner, EmbeddedElf.firstBpf(outer).orElseThrow());
        ElfFile.parse(EmbeddedElf.firstBpf(outer).orElseThrow()); // parses as an object of its own
    }

    @Test
    void otherMachinesAndBigEndianAreSkipped() {
        byte[] inner = object();
        byte[] x86 = inner.clone();
        x86[18] = 62;
        assertTrue(EmbeddedElf.find(x86, EmbeddedElf.EM_BPF).isEmpty());
        assertEquals(1, EmbeddedElf.find(x86, 62).size());
        byte[] big = inner.clone();
        big[5] = 2;
        assertTrue(EmbeddedElf.firstBpf(big).isEmpty());
    }

    @Test
    void aTruncatedObjectIsNotFound() {
        byte[] inner = object();
        for (int cut = 0; cut < inner.length; cut += 7) {
            assertTrue(EmbeddedElf.find(Arrays.copyOf(inner, cut), EmbeddedElf.EM_BPF).isEmpty(), "cut " + cut);
        }
    }

    @Test
    void hostileHeadersNeverThrow() {
        byte[] inner = object();
        Random r = new Random(25);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = inner.clone();
            for (int k = 0; k < 4; k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            for (EmbeddedElf.Range range : EmbeddedElf.find(b, EmbeddedElf.EM_BPF)) {
                assertTrue(range.offset() >= 0 && range.length() > 0 && range.offset() + range.length() <= b.length);
            }
        }
        byte[] huge = inner.clone();
        Arrays.fill(huge, 40, 48, (byte) 0xff); // e_shoff = 2^64 - 1
        assertTrue(EmbeddedElf.find(huge, EmbeddedElf.EM_BPF).isEmpty());
    }
}
