package dev.ecli.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.sample.Histogram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * include/ecli.bpf.h's slot helpers put each value in the bucket the runner draws it in: the
 * header is compiled for the host (its helpers are plain C) and every slot it computes for
 * edge and random values is checked against {@link Histogram}'s bucket bounds.
 */
class EcliHeaderTest {
    private static final int SLOTS = 64;
    private static final long BASE = 100;
    private static final long STEP = 7;
    private static final int LINEAR_SLOTS = 50;

    @TempDir
    Path tmp;

    private static List<Long> values() {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L, 3L, Long.MAX_VALUE));
        for (int i = 1; i < 63; i++) {
            v.add((1L << i) - 1);
            v.add(1L << i);
            v.add((1L << i) + (1L << (i - 1)));
        }
        Random r = new Random(29);
        for (int i = 0; i < 200; i++) {
            v.add(r.nextLong() >>> r.nextInt(63));
            v.add((long) r.nextInt(600));
        }
        return v;
    }

    @Test
    void slotsMatchTheRunnersBuckets() throws Exception {
        List<Long> values = values();
        Path header = Path.of(System.getProperty("ecli.repoRoot", "..")).resolve("include/ecli.bpf.h");
        assertTrue(Files.isRegularFile(header), header.toString());
        Path src = tmp.resolve("slots.c");
        Files.writeString(src, "#include <linux/types.h>\n#include <linux/bpf.h>\n#include <stdio.h>\n"
                + "#include \"ecli.bpf.h\"\n"
                + "static const __u64 v[] = {" + values.stream().map(x -> Long.toUnsignedString(x) + "ULL")
                        .collect(Collectors.joining(", ")) + "};\n"
                + "int main(void)\n{\n"
                + "\tfor (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++)\n"
                + "\t\tprintf(\"%u %u %u\\n\", ecli_log2_slot(v[i], " + SLOTS + "), ecli_log2_slot(v[i], 10),"
                + " ecli_linear_slot((__s64)v[i], " + BASE + ", " + STEP + ", " + LINEAR_SLOTS + "));\n"
                + "\treturn 0;\n}\n");
        Path exe = tmp.resolve("slots");
        Process cc = new ProcessBuilder("clang", "-O2", "-Wall", "-Werror", "-I" + header.getParent(),
                "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes());
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, cc.exitValue(), ccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        List<String> lines = new String(run.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, run.waitFor());
        assertEquals(values.size(), lines.size());

        List<Histogram.Bucket> log2 = Histogram.log2(null, ones(SLOTS)).buckets();
        List<Histogram.Bucket> linear = Histogram.linear(null, ones(LINEAR_SLOTS), BASE, STEP).buckets();
        for (int i = 0; i < values.size(); i++) {
            long v = values.get(i);
            String[] f = lines.get(i).split(" ");
            int slot = Integer.parseInt(f[0]);
            Histogram.Bucket b = log2.get(slot);
            // The runner's last bucket tops out at 2^64 - 1, more than a long holds.
            assertTrue(b.low() <= v && (slot == 63 || v <= b.high()), "log2 " + v + " in slot " + slot + ": " + b);
            assertEquals(Math.min(slot, 9), Integer.parseInt(f[1]), "clamped to the last of 10 slots: " + v);
            int lin = Integer.parseInt(f[2]);
            if (v < BASE) {
                assertEquals(0, lin, "below base: the first slot, " + v);
            } else if (v >= BASE + STEP * LINEAR_SLOTS) {
                assertEquals(LINEAR_SLOTS - 1, lin, "past the end: the last slot, " + v);
            } else {
                Histogram.Bucket l = linear.get(lin);
                assertTrue(l.low() <= v && v <= l.high(), "linear " + v + " in slot " + lin + ": " + l);
            }
        }
    }

    private static long[] ones(int n) {
        long[] c = new long[n];
        java.util.Arrays.fill(c, 1);
        return c;
    }
}
