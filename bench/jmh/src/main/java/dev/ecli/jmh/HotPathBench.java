package dev.ecli.jmh;

import dev.ecli.btf.Btf;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.consume.RecordHandler;
import dev.ecli.runner.consume.RingBuffer;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.OutputOptions;
import dev.ecli.runner.output.TableSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The consumer's per-record work without the kernel: bench/ringbench's 64-byte
 * {@code struct bench_event} decoded from BTF, records in an in-memory ring laid out as the
 * kernel lays it out. Scores are nanoseconds per record.
 * <ul>
 * <li>{@code json}: one record formatted as a JSON line into the sink's buffer (drained to a
 *     discarding stream every 64 KiB, as to a pipe).</li>
 * <li>{@code table}: the same as a table row.</li>
 * <li>{@code ringDrain}: walking {@value #RECORDS} committed records of the ring, the handler
 *     reading one field.</li>
 * <li>{@code ringToJson}: both: what the runner does per record with {@code -o json}.</li>
 * </ul>
 * The object file comes from {@code -Decli.bench.object} (default bench/ringbench/ringbench.bpf.o
 * under the working directory).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
@State(Scope.Thread)
public class HotPathBench {
    static final int RECORDS = 4096;
    static final int RECORD_SIZE = 64;
    static final int SLOT = 8 + RECORD_SIZE;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private final Arena arena = Arena.ofConfined();
    private EventStream stream;
    private MemorySegment record;
    private JsonSink json;
    private TableSink table;
    private MemorySegment consumerPos;
    private MemorySegment producerPos;
    private RingBuffer ring;
    private long seq;

    /** Swallows bytes, as a pipe whose reader keeps up. */
    static final class Discard extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Setup
    public void setup() throws Exception {
        Path object = Path.of(System.getProperty("ecli.bench.object", "bench/ringbench/ringbench.bpf.o"));
        Btf btf = Btf.fromElf(ElfFile.read(object));
        stream = new EventStream("events", DecodePlan.compile(btf, "bench_event"));
        record = arena.allocate(RECORD_SIZE, 8);
        fill(record, 0);
        json = new JsonSink(new Discard(), OutputOptions.NONE);
        table = new TableSink(new Discard(), List.of(stream), OutputOptions.NONE);
        table.begin();
        long size = Long.highestOneBit((long) RECORDS * SLOT) << 1;
        consumerPos = arena.allocate(8, 8);
        producerPos = arena.allocate(8, 8);
        MemorySegment data = arena.allocate(2 * size, 8);
        for (int i = 0; i < RECORDS; i++) {
            long at = (long) i * SLOT;
            data.set(U32, at, RECORD_SIZE);
            fill(data.asSlice(at + 8, RECORD_SIZE), i);
        }
        MemorySegment.copy(data, 0, data, size, size);
        ring = new RingBuffer(consumerPos, producerPos, data, size);
    }

    /** A record as bench/ringbench's program writes it. */
    static void fill(MemorySegment r, long seq) {
        r.set(U64, 0, seq);
        r.set(U64, 8, 6_501_775_094_365L + seq * 917);
        r.set(U32, 16, 412_977);
        r.set(U32, 20, (int) (seq & 1));
        byte[] comm = "ringload".getBytes(StandardCharsets.US_ASCII);
        r.asSlice(24, 16).fill((byte) 0);
        MemorySegment.copy(MemorySegment.ofArray(comm), 0, r, 24, comm.length);
        r.set(U64, 40, 1);
        r.set(U64, 48, 2);
        r.set(U64, 56, 3);
    }

    @Setup(Level.Invocation)
    public void rewind() {
        consumerPos.set(U64, 0, 0);
        producerPos.set(U64, 0, (long) RECORDS * SLOT);
    }

    @TearDown
    public void close() throws IOException {
        json.close();
        table.close();
        arena.close();
    }

    @Benchmark
    public void json() throws IOException {
        record.set(U64, 0, seq++);
        json.event(stream, record);
    }

    @Benchmark
    public void table() throws IOException {
        record.set(U64, 0, seq++);
        table.event(stream, record);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int ringDrain(Blackhole bh) {
        return ring.drain(r -> bh.consume(r.get(U64, 0)));
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int ringToJson() {
        return ring.drain(toJson);
    }

    private final RecordHandler toJson = r -> {
        try {
            json.event(stream, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };
}
