package dev.ecli.runner.session;

import dev.ecli.btf.Btf;
import dev.ecli.runner.attach.AttachStrategy;
import dev.ecli.runner.attach.Attacher;
import dev.ecli.runner.attach.Attachment;
import dev.ecli.runner.attach.KernelSupport;
import dev.ecli.runner.consume.RecordSource;
import dev.ecli.runner.consume.RecordSources;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.output.EventStream;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.sys.SysException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

/**
 * One loaded and attached package. {@link #start} opens, binds exports, loads and attaches;
 * {@link #run} consumes records into a sink until stopped; {@link #close} detaches every link
 * and closes the object, so nothing stays in the kernel. Not thread-safe.
 */
public final class Session implements AutoCloseable {
    /** How long one poll waits before stop conditions are checked again. */
    private static final int POLL_MILLIS = 100;

    private final BpfObject object;
    private final List<Attachment> attachments = new ArrayList<>();
    /** The maps the manifest samples, and where their prints go (set by {@link #sampleTo}). */
    private List<SamplerSetup.Sampled> samplers = List.of();
    private dev.ecli.runner.output.SampleWriter sampleWriter;
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<EventStream> streams;

    /** One exported map being read; {@code drops} is null when the package counts none. */
    private record Consumer(EventStream stream, RecordSource source, DropCounter drops) {}

    /** The longest a written event waits in the sink's buffer while events keep coming. */
    private static final long FLUSH_NANOS = 200_000_000L;

    /**
     * Per consumer: records written, short records skipped, and drops as last read. Written by the
     * consuming thread only (release stores, cheap on the hot path), read by others ({@link #tallies}).
     */
    private AtomicLongArray events = new AtomicLongArray(0), shortRecords = new AtomicLongArray(0),
            drops = new AtomicLongArray(0);

    /** What one exported stream has seen so far; see {@link #tallies}. */
    public record Tally(String map, long events, long shortRecords, long dropped) {}

    /** How often drop counters are read while running. */
    private static final long DROP_CHECK_NANOS = 1_000_000_000L;

    private Session(BpfObject object, List<EventStream> streams) {
        this.object = object;
        this.streams = streams;
    }

    /**
     * Opens the package's object, binds its exports, sets the parameters, loads and attaches
     * every program, and opens a reader per exported map.
     * @throws PackageException   the package does not match its object
     * @throws BpfException       libbpf or the kernel refused
     * @throws PrivilegeException not allowed to load BPF
     */
    public static Session start(PackageSpec spec, ParamValues params)
            throws PackageException, BpfException, PrivilegeException, ParamException {
        return start(spec, params, null);
    }

    /**
     * As {@link #start(PackageSpec, ParamValues)}, relocating against {@code kernelBtf} instead
     * of the kernel's own BTF when not null.
     */
    public static Session start(PackageSpec spec, ParamValues params, java.nio.file.Path kernelBtf)
            throws PackageException, BpfException, PrivilegeException, ParamException {
        // A package may only sample maps or serve metrics: then it has no event stream.
        boolean readsMaps = !spec.manifest().maps().isEmpty() || !spec.manifest().metrics().isEmpty();
        PackageObject.Parsed parsed = PackageObject.parse(spec);
        Btf btf = parsed.btf();
        Privileges.require();
        BpfObject object = PackageObject.open(spec, kernelBtf);
        Session s = null;
        try {
            Map<String, Integer> mapTypes = new LinkedHashMap<>();
            for (BpfMap m : object.maps()) {
                mapTypes.put(m.name(), m.type());
            }
            List<ExportBinder.Request> requests = ExportBinder.requests(spec.manifest());
            List<EventStream> streams = requests.isEmpty() && readsMaps ? List.of()
                    : ExportBinder.bind(requests, mapTypes, btf, spec.objectName());
            s = new Session(object, new ArrayList<>(streams));
            s.events = new AtomicLongArray(streams.size());
            s.shortRecords = new AtomicLongArray(streams.size());
            s.drops = new AtomicLongArray(streams.size());
            params.applyTo(object);
            List<AttachStrategy> strategies = AttachSetup.strategies(spec, parsed, params, object);
            var layouts = SamplerSetup.layouts(spec, parsed);
            KernelSupport.check(object);
            object.load();
            params.applyAfterLoad(object);
            s.samplers = SamplerSetup.open(spec, parsed, params, object, layouts);
            // Readers before attaching: a perf event array takes no records for a CPU until its
            // buffer is open, and records the programs send meanwhile would be lost uncounted.
            for (EventStream es : streams) {
                BpfMap map = object.map(es.map()).orElseThrow();
                try {
                    String dropsVar = dropsOf(spec, es.map());
                    DropCounter drops = dropsVar == null ? null : DropCounter.find(object, btf, dropsVar, es.map());
                    s.consumers.add(new Consumer(es, RecordSources.open(map), drops));
                } catch (SysException e) {
                    throw new BpfException("map " + es.map() + ": " + e.getMessage(), e.errno(), "");
                }
            }
            s.attachments.addAll(Attacher.attachAll(object, strategies));
            return s;
        } catch (PackageException | BpfException | ParamException | RuntimeException e) {
            if (s != null) {
                s.close();
            } else {
                object.close();
            }
            throw e;
        }
    }

    /** Whether the package samples maps (the manifest's {@code maps:}); their prints need {@link #sampleTo}. */
    public boolean samples() {
        return !samplers.isEmpty();
    }

    /** Where sampled maps are printed, every interval and when the run stops. */
    public void sampleTo(dev.ecli.runner.output.SampleWriter writer) {
        this.sampleWriter = writer;
    }

    /** Prints the sampled maps that are due ({@code all}: every one), the event sink flushed first. */
    private void sample(Sink sink, boolean all) throws IOException, BpfException {
        if (sampleWriter == null) {
            return;
        }
        long now = System.nanoTime();
        for (SamplerSetup.Sampled m : samplers) {
            if (all || m.sampler().due(now)) {
                sink.flush();
                sampleWriter.write(m.sampler().read(), m.view());
            }
        }
    }

    /** How long to wait for events before a sampled map is due, at most {@code millis}. */
    private int waitMillis(int millis) {
        long now = System.nanoTime();
        long until = TimeUnit.MILLISECONDS.toNanos(millis);
        for (SamplerSetup.Sampled m : samplers) {
            until = Math.min(until, m.sampler().untilDue(now));
        }
        return (int) Math.max(1, Math.min(millis, (until + 999_999) / 1_000_000));
    }

    /**
     * Per exported stream, in manifest order: records written, short records skipped, and records
     * dropped by the kernel (as last checked, about every second). Any thread.
     */
    public List<Tally> tallies() {
        List<Tally> out = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            out.add(new Tally(streams.get(i).map(), events.get(i), shortRecords.get(i), drops.get(i)));
        }
        return out;
    }

    /** The loaded object, for readers on other threads (maps, programs); valid until {@link #close}. */
    public BpfObject object() {
        return object;
    }

    /** The exported streams, in manifest order. */
    public List<EventStream> streams() {
        return streams;
    }

    /**
     * Replaces the streams' views (selected fields, filters).
     * @param styled one stream per exported map, same maps in the same order as {@link #streams()}
     */
    public void restyle(List<EventStream> styled) {
        if (styled.size() != consumers.size()) {
            throw new IllegalArgumentException(styled.size() + " streams for " + consumers.size() + " maps");
        }
        for (int i = 0; i < consumers.size(); i++) {
            Consumer c = consumers.get(i);
            if (!styled.get(i).map().equals(c.stream().map())) {
                throw new IllegalArgumentException("stream " + i + " is map " + styled.get(i).map()
                        + ", not " + c.stream().map());
            }
            consumers.set(i, new Consumer(styled.get(i), c.source(), c.drops()));
            streams.set(i, styled.get(i));
        }
    }

    /**
     * Consumes records into {@code sink} until {@code stop} is set, {@code maxEvents} records
     * were written ({@code <= 0}: no limit), or the sink's output closes. Flushes the sink
     * whenever the rings are drained.
     *
     * @param outputGone polled when idle: true when the reader of our output went away
     * @throws IOException  when writing fails for another reason than a closed pipe
     * @throws SysException when waiting for the kernel fails
     */
    public RunStats run(Sink sink, StopSignal stop, long maxEvents, BooleanSupplier outputGone)
            throws IOException, SysException, BpfException {
        long start = System.nanoTime();
        Counter counter = new Counter(sink, maxEvents, stop, events, shortRecords);
        runSink = sink;
        sink.begin();
        int perSourceWait = consumers.size() <= 1 ? POLL_MILLIS : Math.max(1, POLL_MILLIS / consumers.size());
        long nextDropCheck = System.nanoTime() + DROP_CHECK_NANOS;
        long[] reported = new long[consumers.size()];
        lostReported = new long[consumers.size()];
        long lastFlush = System.nanoTime();
        try {
            while (!stop.stopped()) {
                int got = 0;
                if (consumers.isEmpty()) {
                    idle(waitMillis(perSourceWait));
                }
                for (int i = 0; i < consumers.size(); i++) {
                    Consumer c = consumers.get(i);
                    counter.stream = c.stream();
                    counter.slot = i;
                    got += c.source().poll(waitMillis(perSourceWait), counter);
                    counter.rethrow();
                    if (stop.stopped()) {
                        break;
                    }
                }
                // Flush when idle, and at least every FLUSH_NANOS under a steady trickle of events.
                if (got == 0 || stop.stopped() || System.nanoTime() - lastFlush > FLUSH_NANOS) {
                    lastFlush = System.nanoTime();
                    sink.flush();
                    if (outputGone.getAsBoolean()) {
                        stop.stop("output closed");
                    }
                }
                if (System.nanoTime() - nextDropCheck > 0) {
                    nextDropCheck = System.nanoTime() + DROP_CHECK_NANOS;
                    reportDrops(reported);
                }
                sample(sink, false);
            }
            // What the kernel wrote before the stop still counts: drain it (not after --max-events).
            if (!"output closed".equals(stop.reason()) && (maxEvents <= 0 || counter.events < maxEvents)) {
                for (int i = 0; i < consumers.size(); i++) {
                    Consumer c = consumers.get(i);
                    counter.stream = c.stream();
                    counter.slot = i;
                    c.source().poll(0, counter);
                    counter.rethrow();
                }
            }
            if (!"output closed".equals(stop.reason())) {
                sample(sink, true);
            }
            sink.flush();
        } catch (IOException e) {
            if (!isBrokenPipe(e)) {
                throw e;
            }
            stop.stop("output closed");
        }
        long dropped = reportDrops(reported);
        return new RunStats(counter.events, counter.shortRecords, dropped, (System.nanoTime() - start) / 1e9,
                stop.reason(), sinkDroppedSoFar);
    }

    /** Nothing to poll: waits as a poll would, so stop conditions are still checked. */
    private static void idle(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads every drop counter and every perf buffer's lost-sample count, warns on stderr about
     * new drops; returns the total.
     */
    private long reportDrops(long[] reported) throws BpfException {
        long total = 0;
        for (int i = 0; i < consumers.size(); i++) {
            RecordSource source = consumers.get(i).source();
            if (source.lost() > lostReported[i]) {
                System.err.println("ecli-java: map " + consumers.get(i).stream().map() + ": " + (source.lost()
                        - lostReported[i]) + " samples lost by the kernel (perf buffer full), " + source.lost()
                        + " in all");
                lostReported[i] = source.lost();
            }
            total += source.lost();
            DropCounter d = consumers.get(i).drops();
            if (d == null) {
                drops.setRelease(i, source.lost());
                continue;
            }
            long now = d.read();
            drops.setRelease(i, source.lost() + now);
            if (now > reported[i]) {
                System.err.println("ecli-java: map " + consumers.get(i).stream().map() + ": " + (now - reported[i])
                        + " records dropped by the kernel (ring buffer full), " + now + " in all");
                reported[i] = now;
            }
            total += now;
        }
        droppedSoFar = total;
        long sinkNow = runSink == null ? 0 : runSink.dropped();
        if (sinkNow > sinkDroppedSoFar) {
            System.err.println("ecli-java: " + (sinkNow - sinkDroppedSoFar) + " events dropped by sinks (queue"
                    + " full or not delivered), " + sinkNow + " in all");
            sinkDroppedSoFar = sinkNow;
        }
        return total;
    }

    /** Events the sinks could not deliver, as last read by {@link #run}; any thread. */
    public long sinkDropped() {
        return sinkDroppedSoFar;
    }

    /** The sink of the current run, for its drop count. */
    private Sink runSink;
    private volatile long sinkDroppedSoFar;

    /** Records the kernel dropped so far (drop counters and lost samples), as last read by {@link #run}; any thread. */
    public long dropped() {
        return droppedSoFar;
    }

    private static String dropsOf(PackageSpec spec, String map) {
        return spec.manifest().exports().stream().filter(e -> e.map().equals(map)).map(e -> e.drops())
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The total of the last drop check, for a status line on another thread. */
    private volatile long droppedSoFar;

    /** Lost samples already reported, per consumer. */
    private long[] lostReported = new long[0];

    static boolean isBrokenPipe(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Broken pipe") || m.contains("Stream closed");
    }

    /** Hands records to the sink, counting them; an IOException is kept and rethrown outside the upcall. */
    private static final class Counter implements dev.ecli.runner.consume.RecordHandler {
        private final Sink sink;
        private final long max;
        private final StopSignal stop;
        /** Per stream, for readers on other threads. */
        private final AtomicLongArray written, skipped;
        EventStream stream;
        /** The stream's index among the consumers. */
        int slot;
        long events;
        long shortRecords;
        private IOException failure;

        Counter(Sink sink, long max, StopSignal stop, AtomicLongArray written, AtomicLongArray skipped) {
            this.sink = sink;
            this.max = max;
            this.stop = stop;
            this.written = written;
            this.skipped = skipped;
        }

        @Override
        public void onRecord(MemorySegment record) {
            // Records already in the ring when Ctrl-C arrives are still written; only the
            // --max-events cut drops the rest of a batch.
            if (failure != null || (max > 0 && events >= max)) {
                return;
            }
            if (record.byteSize() < stream.plan().size()) {
                skipped.setRelease(slot, skipped.getPlain(slot) + 1);
                if (shortRecords++ == 0) {
                    System.err.println("ecli-java: map " + stream.map() + ": record of " + record.byteSize()
                            + " bytes is shorter than struct " + stream.plan().typeName() + " ("
                            + stream.plan().size() + " bytes); skipping such records");
                }
                return;
            }
            if (!stream.filter().test(record)) {
                return;
            }
            try {
                sink.event(stream, record);
            } catch (IOException e) {
                failure = e;
                return;
            }
            written.setRelease(slot, written.getPlain(slot) + 1);
            if (++events == max) {
                stop.stop("--max-events reached");
            }
        }

        void rethrow() throws IOException {
            if (failure != null) {
                IOException f = failure;
                failure = null;
                throw f;
            }
        }
    }

    @Override
    public void close() {
        for (Consumer c : consumers) {
            c.source().close();
        }
        consumers.clear();
        for (int i = attachments.size() - 1; i >= 0; i--) {
            attachments.get(i).close();
        }
        attachments.clear();
        object.close();
    }
}
