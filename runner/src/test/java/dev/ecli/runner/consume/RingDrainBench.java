package dev.ecli.runner.consume;

import dev.ecli.runner.attach.AutoAttach;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: the cost of consuming one record, without the producer in the way. Per round
 * and reader, bench/ringbench's load generator fills the 16 MiB ring with N 64-byte records
 * while nobody reads; then the ring is drained with poll(0) and timed. The handler reads one
 * field, as a decoder would start. Needs root.
 * Usage: RingDrainBench OBJECT LOADGEN N ROUNDS
 */
public final class RingDrainBench {
    private static final ValueLayout.OfLong SEQ = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    public static void main(String[] args) throws Exception {
        Path object = Path.of(args[0]);
        String loadgen = args[1];
        int n = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        List<Double> mmap = new ArrayList<>();
        List<Double> libbpf = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (boolean useMmap : new boolean[] {true, false}) {
                double ns = drainOnce(object, loadgen, n, useMmap);
                (useMmap ? mmap : libbpf).add(ns);
                System.out.printf("round %d reader=%s ns/record=%.1f%n", round, useMmap ? "mmap" : "libbpf", ns);
            }
        }
        System.out.printf("median ns/record (rounds after the first): mmap=%.1f libbpf=%.1f%n",
                median(mmap.subList(1, rounds)), median(libbpf.subList(1, rounds)));
    }

    private static double drainOnce(Path object, String loadgen, int n, boolean useMmap) throws Exception {
        Process gen = new ProcessBuilder(loadgen, Integer.toString(n), "800").inheritIO().start();
        try (BpfObject o = BpfObject.open(object)) {
            BpfMap rodata = o.maps().stream().filter(m -> m.name().endsWith(".rodata")).findFirst().orElseThrow();
            byte[] ro = rodata.initialValue();
            if (ro.length != 4) {
                throw new IllegalStateException("expected .rodata to hold only target_tgid");
            }
            ByteBuffer.wrap(ro).order(ByteOrder.nativeOrder()).putInt(0, (int) gen.pid());
            rodata.setInitialValue(ro);
            o.load();
            AutoAttach.attachAll(o);
            try (RecordSource src = useMmap ? new RingBufferReader(o.map("events").orElseThrow())
                    : new LibbpfRingBufferReader(o.map("events").orElseThrow())) {
                if (!gen.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("load generator hung");
                }
                long[] sum = {0};
                long count = 0;
                long t0 = System.nanoTime();
                int got;
                while ((got = src.poll(0, r -> sum[0] += r.get(SEQ, 0))) > 0) {
                    count += got;
                }
                long t1 = System.nanoTime();
                if (count != n) {
                    System.out.printf("  (consumed %d of %d: the rest did not fit the ring)%n", count, n);
                }
                return (t1 - t0) / (double) count;
            }
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }
}
