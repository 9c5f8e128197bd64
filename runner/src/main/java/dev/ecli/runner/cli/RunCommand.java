package dev.ecli.runner.cli;

import dev.ecli.runner.filter.OwnProcess;
import dev.ecli.runner.libbpf.LibBpf;
import dev.ecli.runner.memory.ResidentTrim;
import dev.ecli.runner.startup.StartupTrace;
import dev.ecli.runner.loop.RunLoop;
import dev.ecli.runner.metrics.ListenAddress;
import dev.ecli.runner.metrics.MetricPlan;
import dev.ecli.runner.metrics.MetricsServer;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.record.Recorder;
import dev.ecli.runner.record.RecordingWriter;
import dev.ecli.runner.session.RunPlan;
import dev.ecli.runner.loop.RunStats;
import dev.ecli.runner.loop.Sampling;
import dev.ecli.runner.session.Session;
import dev.ecli.runner.session.SilentPackage;
import dev.ecli.runner.loop.StopReason;
import dev.ecli.runner.loop.StopSignal;
import dev.ecli.runner.loop.Warnings;
import dev.ecli.runner.output.Format;
import dev.ecli.runner.output.StatusLine;
import dev.ecli.runner.record.RunRecording;
import dev.ecli.runner.sink.Outputs;
import dev.ecli.runner.sink.Sinks;
import dev.ecli.runner.sys.StandardFds;
import dev.ecli.runner.sys.Sys;
import dev.ecli.runner.top.TopSink;
import dev.ecli.runner.top.TopSpec;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ecli-java run PACKAGE}: load, attach, and print events until stopped.
 * A {@link RunPlan} is made first, so every mistake in the options is reported before anything
 * loads; then a {@link Session} does the kernel work and a {@link RunLoop} reads the records.
 * Its picocli model is built by hand, in {@link RunModel}.
 */
final class RunCommand implements Callable<Integer> {
    Path packagePath;
    boolean help;
    /** The package's parameter options, parsed once the package is known. */
    List<String> packageOptions = new ArrayList<>();
    CommandSpec spec;
    /** The options replay shares: format, fields, filters, sinks, times, text fields, --max-events. */
    ViewOptions.Values view;
    Double durationSeconds;
    boolean enrich;
    Integer top;
    String topBy;
    String topSort;
    Double topInterval;
    /** What --top aggregates, once checked against the plan; null without --top. */
    private TopSpec topSpec;
    Path kernelBtf;
    String metricsAddress;
    boolean verbose;
    boolean quiet;
    Path recordFile;
    List<String> recordMax = new ArrayList<>();
    String recordCompress;

    /** This command's model, bound to this object: {@link #call} reads the parsed values from it. */
    CommandSpec commandSpec() {
        return RunModel.of(this);
    }

    /** Copies the values picocli parsed into {@link #spec} to the fields. */
    void readParsed() {
        packagePath = spec.positionalParameters().getFirst().getValue();
        help = isSet("--help");
        view = ViewOptions.read(spec);
        durationSeconds = spec.findOption("--duration").getValue();
        enrich = isSet("--enrich");
        top = spec.findOption("--top").getValue();
        topBy = spec.findOption("--by").getValue();
        topSort = spec.findOption("--sort").getValue();
        topInterval = spec.findOption("--refresh").getValue();
        kernelBtf = spec.findOption("--btf").getValue();
        metricsAddress = spec.findOption("--metrics").getValue();
        verbose = isSet("--verbose");
        quiet = isSet("--quiet");
        recordFile = spec.findOption("--record").getValue();
        recordMax = listOf("--record-max");
        recordCompress = spec.findOption("--record-compress").getValue();
    }

    private boolean isSet(String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    private List<String> listOf(String name) {
        List<String> v = spec.findOption(name).getValue();
        return v == null ? new ArrayList<>() : v;
    }

    @Override
    public Integer call() throws Exception {
        readParsed();
        StartupTrace.mark("options parsed");
        Errors.verbose = verbose;
        if (durationSeconds != null && !(durationSeconds > 0)) {
            throw new UsageException("--duration must be a positive number of seconds, got " + durationSeconds);
        }
        ViewOptions.check(view);
        checkStdout(view.format() != Format.none || top != null);
        if (packagePath == null) {
            if (help) {
                spec.commandLine().usage(spec.commandLine().getOut());
                return ExitCodes.OK;
            }
            throw new UsageException("missing PACKAGE: a package directory or manifest (see 'ecli-java run --help')");
        }
        PackageSpec pkg = RemotePackages.resolver(spec).load(RemotePackages.argument(spec, packagePath));
        StartupTrace.mark("package loaded");
        RunPlan.Basis basis = RunPlan.Basis.read(pkg);
        ParamOptions params = new ParamOptions(basis.params(), ParamOptions.namesOf(spec));
        if (help) {
            printHelp(pkg, params);
            return ExitCodes.OK;
        }
        LibBpf.setVerbose(verbose); // after help: help needs no libbpf, whose bindings cost start-up time
        // Every mistake in the options is found here, before anything is loaded.
        RunPlan plan = RunPlan.of(basis, params.parse(packageOptions), view.fields(), view.filters(), enrich);
        if (isSet("--raw")) {
            plan = plan.raw();
        }
        boolean includeSelf = isSet("--include-self");
        if (!includeSelf) {
            plan = plan.excludingProcess(OwnProcess.runner());
        }
        for (String w : NoEffect.of(plan, view.fields(), view.filters(), enrich, includeSelf)) {
            System.err.println("ecli-java: " + w);
        }
        if ((view.format() == Format.folded || view.format() == Format.flamegraph)
                && pkg.manifest().maps().values().stream().allMatch(m -> m.stacks().isEmpty())) {
            throw new UsageException("-o " + view.format() + " writes stacks, and " + pkg.manifest().name()
                    + " samples no map with stacks (maps.NAME.stacks)");
        }
        StartupTrace.mark("plan made");
        topSpec = topSpec(plan);
        List<Sinks.Opener> openers = Outputs.parse(view.sinkUris());
        RecordingWriter.Options recording = recordFile == null ? null
                : RunRecording.options(recordMax, recordCompress);
        List<MetricPlan> metricPlans = MetricPlan.of(pkg, basis.object().btf());
        MetricsServer metrics = metricsAddress == null ? null : listen(metricsAddress);
        StopSignal stop = new StopSignal();
        Signals.onInterrupt(stop);
        // Closed in reverse order: map reads for scrapes end before the session closes its maps.
        try (metrics; Session session = Session.start(plan, kernelBtf);
             MetricsServer.Served served = metrics == null ? null
                     : metrics.serve(pkg.manifest().name(), session, metricPlans)) {
            // What start-up and loading touched need not stay resident; a second later, when the
            // first events are out (trimming at once took 6% of start-up's CPU samples).
            ResidentTrim.inBackground(1000);
            if (session.execWatchFailure() != null) {
                System.err.println("ecli-java: --enrich: command lines come from /proc only, so a process gone by"
                        + " the time its event is read has none (" + session.execWatchFailure() + ")");
            }
            if (served != null && !quiet) {
                System.err.println("ecli-java: metrics at " + served.url());
            }
            Recorder recorder = recording == null ? null : RunRecording.open(recordFile, recording, plan);
            if (recorder != null) {
                recorder.onFailure(() -> stop.stop(StopReason.RECORDING_FAILED));
            }
            return consume(pkg.manifest().name(), session, openers, stop, recorder);
        }
    }

    /** Reads the session's records into the outputs until a stop; prints the summary. */
    private int consume(String name, Session session, List<Sinks.Opener> openers, StopSignal stop, Recorder recorder)
            throws Exception {
        boolean tty = Sys.isTerminal(1);
        StatusLine status = StatusLine.wanted(quiet)
                ? StatusLine.start(() -> session.dropped() + session.sinkDropped())
                        .filtered(() -> session.counts().filteredCount()) : null;
        OutputStream stdout = StandardFds.stdout();
        if (status != null && tty) {
            stdout = status.guard(stdout);
        }
        Sink sink = topSpec == null
                ? Outputs.open(view.format(), view.options(), openers, stdout, session.streams(), tty)
                : new TopSink(stdout, view.format() == Format.json ? TopSink.Style.JSON : tty ? TopSink.Style.REDRAW
                        : TopSink.Style.TABLES, topSpec, top, (long) (topInterval * 1000));
        if (!quiet) {
            // Like bpftrace's "Attaching N probes...": the user knows tracing has begun.
            System.err.println("ecli-java: attached " + name + "; Ctrl-C to stop");
        }
        if (SilentPackage.silent(session)) {
            SilentPackage.announce(name, System.err, verbose);
        }
        Sampling sampling = session.sampling(Outputs.samples(view.format(), stdout, view.options()));
        if (status != null && session.sources().isEmpty() && session.samples()) {
            status.prints(sampling::prints);
        }
        RunLoop loop = new RunLoop(session.sources(), sampling, session.counts(), Warnings.stderr(), recorder);
        RunStats stats = null;
        try {
            stats = loop.run(status == null ? sink : status.counting(sink), stop, view.maxEvents(),
                    durationSeconds == null ? 0 : (long) (durationSeconds * 1e9),
                    view.format() == Format.none ? -1 : 1);
        } finally {
            if (status != null) {
                status.close();
            }
            // Remote sinks send what they still hold here (bounded by their close-ms).
            Outputs.closeQuietly(sink);
            if (recorder != null) {
                recorder.close(stats == null ? "{}" : RunRecording.summary(stats, recorder.records()));
            }
        }
        if (recorder != null && recorder.failure() == null && !quiet) {
            System.err.printf("ecli-java: recorded %d records (%d bytes) to %s%n", recorder.records(), recorder.bytes(),
                    recordFile);
        }
        System.err.println("ecli-java: " + stats.withSinkDropped(sink.dropped()).summary());
        if (recorder != null && recorder.failure() != null) {
            System.err.println("ecli-java: --record " + recorder.failure().getMessage() + "; the recording ends"
                    + " after its last whole frame, without an end frame");
            return ExitCodes.RECORD;
        }
        return ExitCodes.OK;
    }

    /**
     * A closed stdout is a mistake only when output goes there: {@code -o none} with --record or
     * --sink runs on.
     */
    static void checkStdout(boolean writesStdout) throws UsageException {
        if (writesStdout && !StandardFds.stdoutOpen()) {
            throw new UsageException(Main.STDOUT_CLOSED + ", or use -o none with --record FILE or --sink URI");
        }
    }

    /** {@code --top}'s aggregation checked against every stream, or null without --top. */
    private TopSpec topSpec(RunPlan plan) throws UsageException {
        if (top == null) {
            if (topBy != null || topSort != null || topInterval != null) {
                throw new UsageException("--by, --sort and --refresh go with --top N");
            }
            return null;
        }
        if (top <= 0) {
            throw new UsageException("--top must be a positive number of rows, got " + top);
        }
        if (topInterval == null) {
            topInterval = 1.0;
        } else if (!(topInterval >= 0.01)) {
            throw new UsageException("--refresh must be at least 0.01 seconds, got " + topInterval);
        }
        if (plan.streams().isEmpty()) {
            throw new UsageException("--top aggregates event streams, and " + plan.pkg().manifest().name()
                    + " exports none (its sampled maps print sorted on their own interval)");
        }
        TopSpec s = new TopSpec(topBy == null ? List.of() : List.of(topBy.split(",")),
                topSort == null ? TopSpec.COUNT : topSort);
        try {
            plan.streams().forEach(s::check);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return s;
    }

    /** Binds the --metrics address before anything is loaded, so a busy port fails early. */
    private static MetricsServer listen(String address) throws UsageException {
        ListenAddress at;
        try {
            at = ListenAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--metrics " + e.getMessage());
        }
        try {
            return MetricsServer.listen(at);
        } catch (java.io.IOException e) {
            throw new UsageException("--metrics " + at + ": cannot listen: " + e.getMessage());
        }
    }

    private void printHelp(PackageSpec pkg, ParamOptions params) {
        PrintWriter out = spec.commandLine().getOut();
        spec.commandLine().usage(out);
        String usage = params.usage();
        out.printf("%nParameters of %s%s:%n%s", pkg.manifest().name(),
                pkg.manifest().description() == null ? "" : " (" + pkg.manifest().description() + ")",
                usage.isEmpty() ? "  (none)\n" : usage);
        out.flush();
    }
}
