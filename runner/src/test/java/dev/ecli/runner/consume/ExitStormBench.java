package dev.ecli.runner.consume;

import dev.ecli.runner.attach.AutoAttach;
import dev.ecli.runner.libbpf.BpfObject;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Not a test: compares the two ring-buffer readers on exitsnoop while a shell runs
 * {@code /bin/true} N times (N process exits as fast as fork allows). Prints events seen,
 * events/s and the consumer thread's CPU time per event. Needs root.
 * Usage: ExitStormBench OBJECT mmap|libbpf N
 */
public final class ExitStormBench {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static void main(String[] args) throws Exception {
        Path object = Path.of(args[0]);
        boolean mmap = args[1].equals("mmap");
        int n = Integer.parseInt(args[2]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (BpfObject o = BpfObject.open(object)) {
            o.load();
            AutoAttach.attachAll(o);
            try (RecordSource src = mmap ? new RingBufferReader(o.map("rb").orElseThrow())
                    : new LibbpfRingBufferReader(o.map("rb").orElseThrow())) {
                String loop = "i=0; while [ $i -lt " + n + " ]; do /bin/true; i=$((i+1)); done";
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Process storm = new ProcessBuilder("sh", "-c", loop).start();
                int shell = (int) storm.pid();
                long[] seen = {0, 0};
                long deadline = t0 + 120_000_000_000L;
                while (seen[0] < n && System.nanoTime() < deadline) {
                    src.poll(100, r -> {
                        seen[1]++;
                        if (r.get(INT, 4) == shell) {
                            seen[0]++;
                        }
                    });
                }
                long t1 = System.nanoTime();
                double cpuPerEvent = (mx.getCurrentThreadCpuTime() - cpu0) / (double) seen[1];
                storm.waitFor();
                System.out.printf("reader=%s exits=%d/%d all_records=%d seconds=%.3f events/s=%.0f consumer_cpu_us/event=%.2f%n",
                        args[1], seen[0], n, seen[1], (t1 - t0) / 1e9, seen[1] / ((t1 - t0) / 1e9), cpuPerEvent / 1000);
            }
        }
    }
}
