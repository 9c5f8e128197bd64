package dev.ecli.runner.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecli.runner.decode.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-CPU values fold into one: integers (alone, in arrays) add up, other bytes come from CPU 0. */
class PerCpuTest {
    @Test
    void integersAddUpAcrossCpuSlots() {
        // struct { u64 packets; u32 slots[2]; char tag[4]; } = 20 bytes, slots of 24 bytes.
        List<Field> fields = List.of(
                new Field.IntField("packets", List.of(), 0, 8, false),
                new Field.ArrayField("slots", List.of(), 8, new Field.IntField("", List.of(), 0, 4, false), 2, 4),
                new Field.CharsField("tag", List.of(), 16, 4));
        ByteBuffer all = ByteBuffer.allocate(3 * 24).order(ByteOrder.nativeOrder());
        for (int cpu = 0; cpu < 3; cpu++) {
            all.putLong(cpu * 24, 10 + cpu);
            all.putInt(cpu * 24 + 8, 1);
            all.putInt(cpu * 24 + 12, cpu);
            all.put(cpu * 24 + 16, (byte) ('a' + cpu));
        }
        ByteBuffer sum = ByteBuffer.wrap(PerCpu.sum(all.array(), 3, 20, fields)).order(ByteOrder.nativeOrder());
        assertEquals(20, sum.capacity());
        assertEquals(33, sum.getLong(0));
        assertEquals(3, sum.getInt(8));
        assertEquals(3, sum.getInt(12));
        assertEquals('a', sum.get(16), "not an integer: CPU 0's");
    }
}
