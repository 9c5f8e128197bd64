package dev.ecli.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@link HotPathBench} cases timed by the thread's CPU clock instead of the wall clock:
 * on a shared machine other processes stretch wall time, not the CPU time a record costs.
 * Prints, per case, the median and minimum of ROUNDS rounds of CPU ns per record after a
 * warm-up. Usage: HotPathCpu [ROUNDS] [CASE...]   (cases: json table ringDrain ringToJson)
 */
public final class HotPathCpu {
    private HotPathCpu() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String[] cases = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"json", "table", "ringDrain", "ringToJson"};
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String c : cases) {
            HotPathBench b = new HotPathBench();
            b.setup();
            long perCall = c.startsWith("ring") ? HotPathBench.RECORDS : 1;
            double[] ns = new double[rounds];
            for (int round = -3; round < rounds; round++) {
                long calls = 0;
                long t0 = mx.getCurrentThreadCpuTime();
                long until = t0 + 500_000_000L;
                long now;
                do {
                    for (int i = 0; i < 256; i++) {
                        switch (c) {
                            case "json" -> b.json();
                            case "table" -> b.table();
                            case "ringDrain" -> {
                                b.rewind();
                                bh.consume(b.ringDrain(bh));
                            }
                            case "ringToJson" -> {
                                b.rewind();
                                bh.consume(b.ringToJson());
                            }
                            default -> throw new IllegalArgumentException("no case " + c);
                        }
                    }
                    calls += 256;
                    now = mx.getCurrentThreadCpuTime();
                } while (now < until);
                if (round >= 0) {
                    ns[round] = (now - t0) / (double) (calls * perCall);
                }
            }
            b.close();
            Arrays.sort(ns);
            System.out.printf("%-11s cpu ns/record: median %.1f  min %.1f%n", c, ns[rounds / 2], ns[0]);
        }
    }
}
