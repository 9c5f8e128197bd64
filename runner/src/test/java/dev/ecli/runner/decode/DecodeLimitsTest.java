package dev.ecli.runner.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecli.btf.Btf;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plans that would decode to absurd output are refused up front (found by DecodeFuzzTest). */
class DecodeLimitsTest {
    /**
     * BTF with {@code int} [1], {@code int[0]} [2], {@code int[0][count]} [3] and
     * {@code struct boom { int m[count][0]; }} [4] of size 0: each record of no bytes at all
     * would decode to {@code count} empty arrays.
     */
    private static Btf zeroSizeElements(int count) {
        int[] types = {
            1, 1 << 24, 4, 1 << 24 | 32, // [1] INT "int" size 4, signed, 32 bits
            0, 3 << 24, 0, 1, 1, 0, // [2] ARRAY of [1], 0 elements
            0, 3 << 24, 0, 2, 1, count, // [3] ARRAY of [2], count elements
            5, 4 << 24 | 1, 0, 10, 3, 0, // [4] STRUCT "boom" size 0 { "m": [3] at bit 0 }
        };
        byte[] strings = "\0int\0boom\0m\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(24 + 4 * types.length + strings.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24);
        b.putInt(0).putInt(4 * types.length).putInt(4 * types.length).putInt(strings.length);
        for (int w : types) {
            b.putInt(w);
        }
        return Btf.parse(b.put(strings).array());
    }

    @Test
    void billionsOfZeroSizeElementsAreRefused() {
        DecodeException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(DecodeException.class, () -> DecodePlan.compile(zeroSizeElements(-1), 4)));
        assertEquals("type boom decodes to more than 1048576 values", e.getMessage());
    }

    @Test
    void aThousandOfThemStillDecode() throws Exception {
        DecodePlan plan = DecodePlan.compile(zeroSizeElements(1000), 4);
        assertEquals(0, plan.size());
        String json = DecodePlanTest.json(plan, MemorySegment.ofArray(new byte[0]));
        assertEquals("{\"m\":[" + "[],".repeat(999) + "[]]}", json);
    }
}
