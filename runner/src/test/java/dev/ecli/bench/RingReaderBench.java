package dev.ecli.bench;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.attach.AutoAttach;
import dev.ecli.runner.consume.LibbpfRingBufferReader;
import dev.ecli.runner.consume.RecordSource;
import dev.ecli.runner.consume.RingBufferReader;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.libbpf.BpfLink;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.OutputOptions;
import dev.ecli.runner.output.Sink;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Throughput of the two ring-buffer readers on bench/ringbench: a load generator makes N
 * getppid() calls, each emitting a 64-byte event; the reader decodes every record into JSON
 * lines written to /dev/null (or only counts them). Prints events/s and drops.
 * Usage: RingReaderBench OBJECT LOADGEN mmap|libbpf json|count N
 */
public final class RingReaderBench {
    public static void main(String[] args) throws Exception {
        Path object = Path.of(args[0]);
        String loadgen = args[1];
        String reader = args[2];
        boolean json = args[3].equals("json");
        long n = Long.parseLong(args[4]);

        Btf btf = Btf.fromElf(ElfFile.read(object));
        DecodePlan plan = DecodePlan.compile(btf, "bench_event");
        long producedOff = varOffset(btf, ".bss", "produced");
        long droppedOff = varOffset(btf, ".bss", "dropped");

        Process gen = new ProcessBuilder(loadgen, Long.toString(n), "1500").inheritIO().start();
        try (BpfObject o = BpfObject.open(object)) {
            BpfMap rodata = o.maps().stream().filter(m -> m.name().endsWith(".rodata")).findFirst().orElseThrow();
            byte[] ro = rodata.initialValue();
            ByteBuffer.wrap(ro).order(ByteOrder.nativeOrder()).putInt((int) varOffset(btf, ".rodata", "target_tgid"),
                    (int) gen.pid());
            rodata.setInitialValue(ro);
            o.load();
            List<BpfLink> links = AutoAttach.attachAll(o);
            BpfMap bss = o.maps().stream().filter(m -> m.name().endsWith(".bss")).findFirst().orElseThrow();
            BpfMap events = o.map("events").orElseThrow();
            RecordSource src = reader.equals("libbpf") ? new LibbpfRingBufferReader(events) : new RingBufferReader(events);
            Sink sink = new JsonSink(new FileOutputStream("/dev/null"), OutputOptions.NONE);
            EventStream stream = new EventStream("events", plan);
            long[] count = new long[1];
            long first = 0;
            long last = 0;
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                int got = src.poll(100, r -> {
                    count[0]++;
                    if (json) {
                        try {
                            sink.event(stream, r);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
                if (got > 0) {
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    last = System.nanoTime();
                }
                ByteBuffer b = ByteBuffer.wrap(bss.lookup(new byte[4])).order(ByteOrder.nativeOrder());
                long produced = b.getLong((int) producedOff);
                long dropped = b.getLong((int) droppedOff);
                if (!gen.isAlive() && got == 0 && count[0] >= produced) {
                    double secs = (last - first) / 1e9;
                    double cpuNs = (mx.getCurrentThreadCpuTime() - cpu0) / (double) count[0];
                    System.out.printf("reader=%s sink=%s events=%d dropped=%d seconds=%.3f events/s=%.0f"
                            + " consumer_cpu_ns/event=%.0f%n",
                            reader, json ? "json" : "count", count[0], dropped, secs, count[0] / secs, cpuNs);
                    break;
                }
            }
            sink.close();
            src.close();
            links.forEach(BpfLink::close);
        }
    }

    private static long varOffset(Btf btf, String section, String var) {
        BtfType.Datasec ds = (BtfType.Datasec) btf.find(section, BtfKind.DATASEC).orElseThrow();
        for (BtfType.VarSecInfo v : ds.vars()) {
            if (btf.type(v.typeId()).name().equals(var)) {
                return v.offset();
            }
        }
        throw new IllegalArgumentException(var + " not in " + section);
    }
}
