package dev.ecli.runner.cli;

import dev.ecli.runner.libbpf.LibBpf;
import dev.ecli.runner.metrics.ListenAddress;
import dev.ecli.runner.metrics.MetricPlan;
import dev.ecli.runner.metrics.MetricsServer;
import dev.ecli.runner.filter.EventFilter;
import dev.ecli.runner.filter.FieldSelection;
import dev.ecli.runner.filter.FilterException;
import dev.ecli.runner.output.EventStream;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.output.TableSink;
import dev.ecli.runner.output.YamlSink;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.session.PackageObject;
import dev.ecli.runner.session.RunStats;
import dev.ecli.runner.session.Session;
import dev.ecli.runner.session.StopSignal;
import dev.ecli.runner.sink.SinkUriException;
import dev.ecli.runner.sink.Sinks;
import dev.ecli.runner.sink.TeeSink;
import dev.ecli.runner.sys.Sys;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * {@code ecli-java run PACKAGE}: load, attach, and print events until stopped.
 *
 * <p>Its picocli model is built by hand ({@link #commandSpec}) rather than from annotations:
 * reading annotations makes picocli create a proxy class per annotation type and reflect over
 * every field, about 40 ms of each start of the command that must start fastest.
 */
final class RunCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { table, json, yaml, none }

    Path packagePath;
    boolean help;
    /** The package's parameter options, parsed once the package is known. */
    List<String> packageOptions = new ArrayList<>();
    CommandSpec spec;
    Format format = Format.table;
    List<String> sinkUris = new ArrayList<>();
    Double durationSeconds;
    long maxEvents;
    String fields;
    List<String> filters = new ArrayList<>();
    boolean timestamps;
    boolean withText;
    Path kernelBtf;
    String metricsAddress;
    boolean verbose;
    boolean quiet;

    /** This command's model, bound to this object: {@link #call} reads the parsed values from it. */
    CommandSpec commandSpec() {
        CommandSpec s = CommandSpec.wrapWithoutInspection(this).name("run");
        // "--fields=-tfoo" leaves out tfoo: picocli would take "-tfoo" for -t, -f, -o, -o and refuse it.
        s.parser().allowOptionsAsOptionParameters(true);
        s.usageMessage()
                .description("Load and attach a package's programs and print every event they emit.",
                        "Options after PACKAGE that are not listed here set the package's parameters:"
                                + " see 'ecli-java run PACKAGE --help'.")
                .footerHeading("%nExamples:%n")
                .footer("  ecli-java run ./mypkg",
                        "  ecli-java run ./mypkg -o json | jq -c 'select(.code != 0)'",
                        "  ecli-java run ./mypkg/package.yaml --duration 10 --max-events 100",
                        "  ecli-java run ./mypkg -o none --sink kafka://broker:9092/events?queue=50000");
        s.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("PACKAGE")
                .type(Path.class)
                .description("A package directory, its manifest file (package.yaml / package.json), the name of"
                        + " a package in $ECLI_PATH or shipped with ecli-java (see 'ecli-java list'), an OCI"
                        + " reference HOST[:PORT]/REPO[:TAG][@sha256:HEX] or an http(s) URL of a package.json.")
                .build());
        flag(s, "Show this help, with the package's parameters when PACKAGE is given.", "-h", "--help");
        s.addOption(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(Format.class).defaultValue("table")
                .description("Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); none: nothing on"
                        + " stdout, e.g. with --sink.")
                .build());
        s.addOption(OptionSpec.builder("--sink").paramLabel("URI").type(List.class).auxiliaryTypes(String.class)
                .description("Also send every event, as its JSON line with \"_host\" added, to URI, e.g."
                        + " kafka://HOST:PORT/TOPIC (parameters after ?: queue=N, queue-bytes=SIZE, linger-ms=N,"
                        + " compression=lz4|gzip|none, host=NAME, close-ms=N). Repeatable. While the destination"
                        + " is away, events wait in a bounded queue; what does not fit is dropped and counted.")
                .build());
        valued(s, Double.class, "SECONDS", "Stop after this many seconds.", "--duration");
        valued(s, long.class, "N", "Stop after N events.", "--max-events");
        valued(s, String.class, "LIST",
                "Fields to show, in order (a,b,c), or to leave out (-a,-b). Hidden fields can be named.", "--fields");
        s.addOption(OptionSpec.builder("--filter").paramLabel("EXPR").type(List.class).auxiliaryTypes(String.class)
                .description("Show only events where EXPR holds: FIELD OP VALUE, OP one of == != < <= > >= ~ !~"
                        + " (regex), e.g. 'ret!=0', 'name~^ba', 'signal==SIGKILL'. Repeat to require several.")
                .build());
        flag(s, "Show the time each event was received.", "-t", "--timestamp");
        flag(s, "JSON: beside each formatted field (signal, duration, errno...) add NAME_text with"
                + " the text the table shows; the field keeps its number.", "--text");
        valued(s, Path.class, "FILE",
                "Kernel BTF for CO-RE relocations, for kernels without /sys/kernel/btf/vmlinux.", "--btf");
        valued(s, String.class, "ADDR",
                "Serve Prometheus metrics at http://ADDR/metrics (ADDR: :PORT or HOST:PORT): events, drops,"
                        + " short records, program run totals, and the package's own metrics (the manifest's"
                        + " metrics:).", "--metrics");
        flag(s, "Show libbpf's log (e.g. the verifier's) and details.", "-v", "--verbose");
        flag(s, "No 'attached' line and no status line (shown below the output when stderr is a terminal).",
                "-q", "--quiet");
        RemotePackages.addOptions(s);
        s.addUnmatchedArgsBinding(UnmatchedArgsBinding.forStringArrayConsumer(new ISetter() {
            @Override
            public <T> T set(T value) {
                // Called with null when parsing begins, then with what was not matched.
                packageOptions = value == null ? new ArrayList<>() : new ArrayList<>(List.of((String[]) value));
                return null;
            }
        }));
        spec = s;
        return s;
    }

    private static void flag(CommandSpec s, String description, String... names) {
        s.addOption(OptionSpec.builder(names).type(boolean.class).description(description).build());
    }

    private static void valued(CommandSpec s, Class<?> type, String label, String description, String name) {
        s.addOption(OptionSpec.builder(name).type(type).paramLabel(label).description(description).build());
    }

    /** Copies the values picocli parsed into {@link #spec} to the fields. */
    void readParsed() {
        packagePath = spec.positionalParameters().getFirst().getValue();
        help = isSet("--help");
        format = spec.findOption("--output").getValue();
        sinkUris = listOf("--sink");
        durationSeconds = spec.findOption("--duration").getValue();
        Long max = spec.findOption("--max-events").getValue();
        maxEvents = max == null ? 0 : max;
        fields = spec.findOption("--fields").getValue();
        filters = listOf("--filter");
        timestamps = isSet("--timestamp");
        withText = isSet("--text");
        kernelBtf = spec.findOption("--btf").getValue();
        metricsAddress = spec.findOption("--metrics").getValue();
        verbose = isSet("--verbose");
        quiet = isSet("--quiet");
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
        Errors.verbose = verbose;
        if (durationSeconds != null && !(durationSeconds > 0)) {
            throw new UsageException("--duration must be a positive number of seconds, got " + durationSeconds);
        }
        if (maxEvents < 0) {
            throw new UsageException("--max-events must be positive, got " + maxEvents);
        }
        if (packagePath == null) {
            if (help) {
                spec.commandLine().usage(spec.commandLine().getOut());
                return ExitCodes.OK;
            }
            throw new UsageException("missing PACKAGE: a package directory or manifest (see 'ecli-java run --help')");
        }
        LibBpf.setVerbose(verbose);
        PackageSpec pkg = Prefetch.load(RemotePackages.resolve(spec, packagePath));
        PackageObject.Parsed parsed = PackageObject.parse(pkg);
        ParamOptions params = new ParamOptions(ParamSpec.discover(parsed.btf(), parsed.elf(), pkg.manifest()),
                ParamOptions.namesOf(spec));
        if (help) {
            printHelp(pkg, params);
            return ExitCodes.OK;
        }
        ParamValues values = params.parse(packageOptions);
        List<Sinks.Opener> openers = new ArrayList<>();
        for (String uri : sinkUris) {
            try {
                openers.add(Sinks.parse(uri));
            } catch (SinkUriException e) {
                throw new UsageException("--sink " + uri + ": " + e.getMessage());
            }
        }
        List<MetricPlan> metricPlans = MetricPlan.of(pkg, parsed.btf());
        MetricsServer metrics = metricsAddress == null ? null : listen(metricsAddress);
        StopSignal stop = new StopSignal();
        Signals.onInterrupt(stop);
        // Closed in reverse order: map reads for scrapes end before the session closes its maps.
        try (metrics; Session session = Session.start(pkg, values, kernelBtf);
             MetricsServer.Served served = metrics == null ? null
                     : metrics.serve(pkg.manifest().name(), session, metricPlans)) {
            if (served != null && !quiet) {
                System.err.println("ecli-java: metrics at " + served.url());
            }
            restyle(session);
            if (durationSeconds != null) {
                startTimer(stop, durationSeconds);
            }
            boolean tty = Sys.isTerminal(1);
            StatusLine status = StatusLine.wanted(quiet)
                    ? StatusLine.start(() -> session.dropped() + session.sinkDropped()) : null;
            OutputStream stdout = new FileOutputStream(FileDescriptor.out);
            if (status != null && tty) {
                stdout = status.guard(stdout);
            }
            boolean several = session.streams().size() > 1;
            List<Sink> sinks = new ArrayList<>();
            switch (format) {
                case json -> sinks.add(new JsonSink(stdout, tty, several, timestamps, withText));
                case yaml -> sinks.add(new YamlSink(stdout, tty, several, timestamps, withText));
                case table -> sinks.add(new TableSink(stdout, session.streams(), tty, timestamps, tty && colours()));
                case none -> { }
            }
            for (Sinks.Opener o : openers) {
                try {
                    // Each remote sink writes what -o json would, flushed per event into its own buffer.
                    sinks.add(o.open(out -> new JsonSink(out, true, several, timestamps, withText)));
                } catch (SinkUriException e) {
                    sinks.forEach(RunCommand::closeQuietly);
                    throw new UsageException("--sink " + o.uri() + ": " + e.getMessage());
                }
            }
            Sink sink = sinks.size() == 1 ? sinks.getFirst() : new TeeSink(sinks);
            if (session.samples() && format != Format.none) {
                session.sampleTo(format == Format.table ? new dev.ecli.runner.output.TableSampleWriter(stdout)
                        : new dev.ecli.runner.output.JsonSampleWriter(stdout));
            }
            if (!quiet) {
                // Like bpftrace's "Attaching N probes...": the user knows tracing has begun.
                System.err.println("ecli-java: attached " + pkg.manifest().name() + "; Ctrl-C to stop");
            }
            RunStats stats;
            try {
                stats = session.run(status == null ? sink : status.counting(sink), stop, maxEvents,
                        () -> format != Format.none && Sys.outputClosed(1));
            } finally {
                if (status != null) {
                    status.close();
                }
                // Remote sinks send what they still hold here (bounded by their close-ms).
                closeQuietly(sink);
            }
            System.err.println("ecli-java: " + stats.withSinkDropped(sink.dropped()).summary());
        }
        return ExitCodes.OK;
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

    /** Applies --fields and --filter to every stream. */
    private void restyle(Session session) throws FilterException {
        List<EventStream> styled = new ArrayList<>();
        for (EventStream s : session.streams()) {
            EventStream out = fields == null ? s : FieldSelection.apply(fields, s);
            List<EventFilter> compiled = new ArrayList<>();
            for (String f : filters) {
                compiled.add(EventFilter.compile(f, s));
            }
            styled.add(out.withFilter(EventFilter.all(compiled)));
        }
        session.restyle(styled);
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

    private static void startTimer(StopSignal stop, double seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep((long) (seconds * 1000));
                stop.stop("--duration reached");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "duration");
        t.setDaemon(true);
        t.start();
    }

    /** Colours unless NO_COLOR is set (https://no-color.org) or the terminal is dumb. */
    static boolean colours() {
        String no = System.getenv("NO_COLOR");
        return (no == null || no.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    /** A closed pipe at the very end is not an error: everything that could be read was. */
    private static void closeQuietly(Sink sink) {
        try {
            sink.close();
        } catch (IOException e) {
            // The reader went away; nothing left to tell it.
        }
    }
}
