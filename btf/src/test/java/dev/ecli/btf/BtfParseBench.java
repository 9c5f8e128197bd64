package dev.ecli.btf;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Benchmark main for bench/btf-parse.sh (test sources, so it does not ship). Not a test.
 *
 * <pre>
 * BtfParseBench --cold FILE             one parse in a fresh JVM
 * BtfParseBench [--warmup N] [--runs N] FILE   medians after warm-up
 * </pre>
 *
 * Stages: "read+parse" is {@code Btf.read(path)} (file read, header, checked walk of every type);
 * "parse" the same from bytes already in memory; "decode all" also decodes every type record;
 * "find" builds the name index via one lookup; "dump" writes bpftool's text to a null writer.
 */
public final class BtfParseBench {
    private BtfParseBench() {}

    public static void main(String[] args) throws IOException {
        boolean cold = false;
        int warmup = 20, runs = 30;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cold" -> cold = true;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) {
            System.err.println("usage: BtfParseBench [--cold] [--warmup N] [--runs N] FILE");
            System.exit(2);
        }
        if (cold) {
            long t0 = System.nanoTime();
            Btf btf = Btf.read(file);
            long t1 = System.nanoTime();
            System.out.printf("cold read+parse: %.1f ms (%d types; JVM up %d ms at start of parse)%n",
                    (t1 - t0) / 1e6, btf.typeCount(), ManagementFactory.getRuntimeMXBean().getUptime()
                            - (t1 - t0) / 1_000_000);
            return;
        }
        Path path = file;
        byte[] raw = Files.readAllBytes(path);
        Stage[] stages = {
            new Stage("read+parse", () -> Btf.read(path).typeCount()),
            new Stage("parse (bytes in memory)", () -> Btf.parse(raw).typeCount()),
            new Stage("parse + decode all types", () -> decodeAll(Btf.parse(raw))),
            new Stage("parse + find (name index)", () -> Btf.parse(raw).find("task_struct", BtfKind.STRUCT)
                    .map(BtfType::id).orElse(0)),
            new Stage("parse + dump to null", () -> dump(Btf.parse(raw))),
        };
        for (Stage s : stages) {
            s.measure(warmup, runs);
        }
    }

    private static int decodeAll(Btf btf) {
        int h = 0;
        for (int id = 0; id < btf.typeCount(); id++) {
            h += btf.type(id).hashCode() & 1;
        }
        return h;
    }

    private static int dump(Btf btf) {
        try {
            BtfDumper.dump(btf, Writer.nullWriter());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return btf.typeCount();
    }

    private record Stage(String name, java.util.function.IntSupplier body) {
        void measure(int warmup, int runs) {
            long sink = 0;
            for (int i = 0; i < warmup; i++) {
                sink += body.getAsInt();
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                sink += body.getAsInt();
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("warm %-28s median %7.2f ms  (min %.2f, max %.2f, %d runs after %d warm-up)%s%n",
                    name + ":", ms[runs / 2], ms[0], ms[runs - 1], runs, warmup, sink == 42 ? " " : "");
        }
    }
}
