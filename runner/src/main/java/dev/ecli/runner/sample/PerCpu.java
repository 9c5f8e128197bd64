package dev.ecli.runner.sample;

import dev.ecli.runner.decode.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Folds a per-CPU map's value (one 8-byte-aligned slot per possible CPU) into one value:
 * integer fields, alone or in arrays and nested structs, are added up across CPUs; anything
 * else is taken from CPU 0.
 */
final class PerCpu {
    private PerCpu() {}

    static byte[] sum(byte[] all, int cpus, int valueSize, List<Field> fields) {
        int slot = (valueSize + 7) & ~7;
        byte[] out = new byte[valueSize];
        System.arraycopy(all, 0, out, 0, valueSize);
        ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.nativeOrder());
        ByteBuffer sum = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
        for (Field f : fields) {
            add(f, 0, in, sum, cpus, slot);
        }
        return out;
    }

    private static void add(Field f, long base, ByteBuffer in, ByteBuffer out, int cpus, int slot) {
        switch (f) {
            case Field.IntField i when i.size() == Field.IntField.WIDE -> {
                // Two 64-bit words summed with the carry, as the 128-bit counter wraps.
                int at = (int) (base + i.offset());
                int lowAt = at + (in.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 8);
                int highAt = at + (in.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? 8 : 0);
                long lo = 0;
                long hi = 0;
                for (int c = 0; c < cpus; c++) {
                    long add = in.getLong(c * slot + lowAt);
                    long sum = lo + add;
                    hi += in.getLong(c * slot + highAt) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
                    lo = sum;
                }
                out.putLong(lowAt, lo);
                out.putLong(highAt, hi);
            }
            case Field.IntField i -> {
                int at = (int) (base + i.offset());
                long total = 0;
                for (int c = 0; c < cpus; c++) {
                    total += load(in, c * slot + at, i.size());
                }
                store(out, at, i.size(), total);
            }
            case Field.ArrayField a -> {
                for (long k = 0; k < a.count(); k++) {
                    add(a.element(), base + a.offset() + k * a.stride(), in, out, cpus, slot);
                }
            }
            case Field.ObjectField o -> {
                for (Field m : o.members()) {
                    add(m, base + o.offset(), in, out, cpus, slot);
                }
            }
            default -> { }
        }
    }

    static long load(ByteBuffer b, int at, int size) {
        return switch (size) {
            case 1 -> b.get(at) & 0xffL;
            case 2 -> b.getShort(at) & 0xffffL;
            case 4 -> b.getInt(at) & 0xffff_ffffL;
            default -> b.getLong(at);
        };
    }

    private static void store(ByteBuffer b, int at, int size, long v) {
        switch (size) {
            case 1 -> b.put(at, (byte) v);
            case 2 -> b.putShort(at, (short) v);
            case 4 -> b.putInt(at, (int) v);
            default -> b.putLong(at, v);
        }
    }
}
