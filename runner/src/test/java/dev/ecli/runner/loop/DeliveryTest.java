package dev.ecli.runner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecli.btf.Btf;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.output.EventClock;
import dev.ecli.runner.record.Replay;
import dev.ecli.runner.stream.EventStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A live run and a replay hand records on through the same {@link Delivery}: the same records
 * (one short, one filtered out, more than {@code --max-events}) give the same events and counts
 * through the run loop and through {@link Replay}.
 */
class DeliveryTest {
    private static final long MAX = 2;

    private static EventStream stream() throws Exception {
        String prop = System.getProperty("ecli.repoRoot");
        Path root = prop != null ? Path.of(prop) : Path.of("..");
        Btf btf = Btf.fromElf(ElfFile.read(root.resolve("packages/exitsnoop/exitsnoop.bpf.o")));
        EventStream s = new EventStream("a", DecodePlan.compile(btf, "event"));
        return s.withFilter(r -> r.get(ValueLayout.JAVA_INT_UNALIGNED, 0) != 3);
    }

    private static List<byte[]> records(EventStream s) {
        List<byte[]> out = new ArrayList<>();
        for (int pid : new int[] {1, -1, 3, 2, 4}) {
            out.add(pid < 0 ? new byte[4] : ByteBuffer.allocate((int) s.plan().size()).order(ByteOrder.nativeOrder())
                    .putInt(0, pid).array());
        }
        return out;
    }

    private static List<String> events(RecordingSink sink) {
        return sink.snapshot().stream().filter(e -> !e.equals("flush")).toList();
    }

    @Test
    void aLiveRunAndAReplayWriteTheSameEvents() throws Exception {
        EventStream s = stream();
        List<byte[]> records = records(s);

        RecordingSink live = new RecordingSink();
        StopSignal stop = new StopSignal();
        RunStats stats;
        try (FakeSource source = new FakeSource(64)) {
            records.forEach(source::push);
            stop.stop(StopReason.TERMINATED); // the loop's last drain takes what the source holds
            stats = new RunLoop(List.of(new Source(s, source, null)), Sampling.NONE, new Tallies(List.of("a")),
                    Warnings.collecting(new ArrayList<>())).run(live, stop, MAX, 0, -1);
        }

        RecordingSink replayed = new RecordingSink();
        Replay replay = new Replay(replayed, EventClock.replaying(), 0, MAX, Warnings.collecting(new ArrayList<>()));
        replay.use(List.of(s), "test.rec");
        for (byte[] r : records) {
            replay.record(0, -1, 0, MemorySegment.ofArray(r));
        }
        replay.rethrow();

        assertEquals(List.of("a:1", "a:2"), events(live));
        assertEquals(events(live), events(replayed));
        assertEquals(stats.events(), replay.events());
        assertEquals(1, replay.shortRecords());
        assertEquals(stats.shortRecords(), replay.shortRecords());
    }
}
