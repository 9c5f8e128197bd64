package dev.ecli.runner.session;

import dev.ecli.runner.startup.StartupTrace;
import dev.ecli.runner.attach.Attacher;
import dev.ecli.runner.attach.Attachment;
import dev.ecli.runner.attach.KernelSupport;
import dev.ecli.runner.consume.RecordSources;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.loop.Sampling;
import dev.ecli.runner.loop.Source;
import dev.ecli.runner.loop.Tallies;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.SampleWriter;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.sys.SysException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel side of one run, done from a {@link RunPlan}: {@link #start} opens the object,
 * sets the parameters, loads, opens a reader per exported map and the samplers, and attaches;
 * {@link #close} detaches every link and closes the object, so nothing stays in the kernel.
 * Reading the records is the run loop's job. Not thread-safe, except where noted.
 */
public final class Session implements AutoCloseable {
    private final BpfObject object;
    private final List<Attachment> attachments = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final List<EventStream> streams;
    private final Tallies tallies;
    private List<SamplerSetup.Sampled> samplers = List.of();
    /** --enrich's exec watch, or null. */
    private ExecWatch execs;
    /** Why the exec watch could not start, or null. */
    private String execWatchFailure;
    /** Per sampled map, how many prints end the run (0 or absent: no limit). */
    private Map<String, Long> counts = Map.of();

    private Session(BpfObject object, List<EventStream> streams) {
        this.object = object;
        this.streams = streams;
        this.tallies = new Tallies(streams.stream().map(EventStream::map).toList());
    }

    /**
     * Does the kernel work of {@code plan}, relocating against {@code kernelBtf} instead of the
     * kernel's own BTF when not null.
     * @throws PackageException   the package does not match its object as libbpf reads it
     * @throws BpfException       libbpf or the kernel refused
     * @throws PrivilegeException not allowed to load BPF
     */
    public static Session start(RunPlan plan, Path kernelBtf) throws PackageException, BpfException, PrivilegeException {
        Privileges.require();
        StartupTrace.mark("privileges checked");
        BpfObject object = PackageObject.open(plan.pkg(), kernelBtf);
        StartupTrace.mark("object opened");
        Session s = new Session(object, plan.streams());
        try {
            s.checkMaps();
            plan.values().applyTo(object);
            plan.sizes().apply(object);
            plan.programs().apply(object, plan.pkg().manifest(), new KernelSupport());
            KernelSupport.check(object, plan.pkg().manifest().programs());
            StartupTrace.mark("object prepared");
            object.load();
            StartupTrace.mark("object loaded");
            plan.values().applyAfterLoad(object);
            s.samplers = SamplerSetup.open(plan.pkg(), plan.intervals(), object, plan.layouts(),
                    plan.basis().object().btf());
            s.counts = plan.counts();
            // Readers before attaching: a perf event array takes no records for a CPU until its
            // buffer is open, and records the programs send meanwhile would be lost uncounted.
            for (RunPlan.Export export : plan.exports()) {
                EventStream es = export.stream();
                BpfMap map = object.map(es.map()).orElseThrow();
                String dropsVar = export.dropsVar();
                try {
                    Source.Drops drops = dropsVar == null ? null
                            : DropCounter.find(object, plan.basis().object().btf(), dropsVar, es.map());
                    s.sources.add(new Source(es, RecordSources.open(map), drops));
                } catch (SysException e) {
                    throw new BpfException("map " + es.map() + ": " + e.getMessage(), e.errno(), "");
                }
            }
            if (plan.enrichesProcesses()) {
                // Before the package's programs: their first events may come from a process that exec'd just then.
                try {
                    s.execs = ExecWatch.start(kernelBtf);
                    plan.identities().useExecs(s.execs::cmdline);
                } catch (BpfException e) {
                    s.execWatchFailure = e.getMessage(); // /proc still answers for live processes
                }
            }
            StartupTrace.mark("readers open");
            s.attachments.addAll(Attacher.attachAll(object, plan.strategies()));
            StartupTrace.mark("attached");
            return s;
        } catch (PackageException | BpfException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The plan read the maps from the ELF; libbpf's reading must agree before anything loads. */
    private void checkMaps() throws PackageException {
        for (EventStream es : streams) {
            BpfMap m = object.map(es.map()).orElse(null);
            if (m == null || !MapType.carriesEvents(m.type())) {
                throw new PackageException("map '" + es.map() + "' named in exports is not a ring buffer or perf event"
                        + " array as libbpf opens " + object.name());
            }
        }
    }

    /** Whether the package samples maps (the manifest's {@code maps:}). */
    public boolean samples() {
        return !samplers.isEmpty();
    }

    /**
     * The sampled maps, printed to {@code writer}: each at its interval, and all at the end.
     * @param writer null: the maps are read by nobody (e.g. {@code -o none})
     */
    public Sampling sampling(SampleWriter writer) {
        if (writer == null || samplers.isEmpty()) {
            return Sampling.NONE;
        }
        List<SamplerSetup.Sampled> maps = samplers;
        Map<String, Long> limits = counts;
        Map<String, Long> printed = new HashMap<>();
        // Read by the status line's thread.
        java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
        return new Sampling() {
            private boolean spent(SamplerSetup.Sampled m) {
                long limit = limits.getOrDefault(m.sampler().name(), 0L);
                return limit > 0 && printed.getOrDefault(m.sampler().name(), 0L) >= limit;
            }

            @Override
            public boolean finished() {
                boolean any = false;
                for (SamplerSetup.Sampled m : maps) {
                    if (m.sampler().periodic() && limits.getOrDefault(m.sampler().name(), 0L) > 0) {
                        any = true;
                        if (!spent(m)) {
                            return false;
                        }
                    }
                }
                return any;
            }

            @Override
            public long untilDue(long now) {
                long until = Long.MAX_VALUE;
                for (SamplerSetup.Sampled m : maps) {
                    if (m.sampler().periodic()) {
                        until = Math.min(until, m.sampler().untilDue(now));
                    }
                }
                return until;
            }

            @Override
            public long prints() {
                return total.get();
            }

            @Override
            public void print(long now, boolean all) throws IOException, BpfException {
                for (SamplerSetup.Sampled m : maps) {
                    if (spent(m)) {
                        continue; // printed its count of times: the final print would only repeat it
                    }
                    if (all || m.sampler().due(now)) {
                        writer.write(m.sampler().read(), m.view());
                        printed.merge(m.sampler().name(), 1L, Long::sum);
                        total.incrementAndGet();
                    }
                }
            }
        };
    }

    /** The exported maps' readers, in manifest order; valid until {@link #close}. */
    public List<Source> sources() {
        return List.copyOf(sources);
    }

    /** The exported streams, in manifest order. */
    public List<EventStream> streams() {
        return streams;
    }

    /** Per-stream counts, written by the run loop. */
    public Tallies counts() {
        return tallies;
    }

    /** Per exported stream, in manifest order: records written, short, dropped. Any thread. */
    public List<Tallies.Tally> tallies() {
        return tallies.list();
    }

    /** Records the kernel dropped so far, as last read by the run loop; any thread. */
    public long dropped() {
        return tallies.dropped();
    }

    /** Events the sinks could not deliver, as last read by the run loop; any thread. */
    public long sinkDropped() {
        return tallies.sinkDropped();
    }

    /**
     * Why {@code --enrich} could not keep command lines at exec (its program was refused), or
     * null: it does, or was not asked to.
     */
    public String execWatchFailure() {
        return execWatchFailure;
    }

    /** The loaded object, for readers on other threads (maps, programs); valid until {@link #close}. */
    public BpfObject object() {
        return object;
    }

    @Override
    public void close() {
        for (Source c : sources) {
            c.source().close();
        }
        sources.clear();
        for (int i = attachments.size() - 1; i >= 0; i--) {
            attachments.get(i).close();
        }
        attachments.clear();
        object.close();
        if (execs != null) {
            execs.close();
            execs = null;
        }
    }
}
