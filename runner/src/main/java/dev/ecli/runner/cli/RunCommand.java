package dev.ecli.runner.cli;

import dev.ecli.runner.libbpf.LibBpf;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.output.TableSink;
import dev.ecli.runner.pkg.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.session.RunStats;
import dev.ecli.runner.session.Session;
import dev.ecli.runner.session.StopSignal;
import dev.ecli.runner.sys.Sys;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecli-java run PACKAGE}: load, attach, and print events until stopped. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = "Load and attach a package's programs and print every event they emit.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  ecli-java run ./mypkg",
            "  ecli-java run ./mypkg -o json | jq -c 'select(.code != 0)'",
            "  ecli-java run ./mypkg/package.yaml --duration 10 --max-events 100",
        })
final class RunCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { table, json }

    @Parameters(index = "0", paramLabel = "PACKAGE",
            description = "A package directory, or its manifest file (package.yaml / package.json).")
    Path packagePath;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Double durationSeconds;

    @Option(names = "--max-events", paramLabel = "N", description = "Stop after N events.")
    long maxEvents;

    @Option(names = {"-v", "--verbose"}, description = "Show libbpf's log (e.g. the verifier's) and details.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Errors.verbose = verbose;
        if (durationSeconds != null && !(durationSeconds > 0)) {
            throw new UsageException("--duration must be a positive number of seconds, got " + durationSeconds);
        }
        if (maxEvents < 0) {
            throw new UsageException("--max-events must be positive, got " + maxEvents);
        }
        LibBpf.setVerbose(verbose);
        PackageSpec spec = PackageLoader.load(packagePath);
        StopSignal stop = new StopSignal();
        Signals.onInterrupt(stop);
        try (Session session = Session.start(spec)) {
            if (durationSeconds != null) {
                startTimer(stop, durationSeconds);
            }
            boolean tty = System.console() != null && System.console().isTerminal();
            OutputStream stdout = new FileOutputStream(FileDescriptor.out);
            Sink sink = format == Format.json
                    ? new JsonSink(stdout, tty, session.streams().size() > 1)
                    : new TableSink(stdout, session.streams(), tty);
            // Like bpftrace's "Attaching N probes...": the user knows tracing has begun.
            System.err.println("ecli-java: attached " + spec.manifest().name() + "; Ctrl-C to stop");
            RunStats stats = session.run(sink, stop, maxEvents, () -> Sys.outputClosed(1));
            closeQuietly(sink);
            System.err.println("ecli-java: " + stats.summary());
        }
        return ExitCodes.OK;
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

    /** A closed pipe at the very end is not an error: everything that could be read was. */
    private static void closeQuietly(Sink sink) {
        try {
            sink.close();
        } catch (IOException e) {
            // The reader went away; nothing left to tell it.
        }
    }
}
