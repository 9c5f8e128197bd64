package dev.ecli.runner.cli;

import dev.ecli.runner.output.EventClock;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.loop.Warnings;
import dev.ecli.runner.record.Replay;
import dev.ecli.runner.record.RecordingHeader;
import dev.ecli.runner.record.RecordingReader;
import dev.ecli.runner.record.ReplayPlan;
import dev.ecli.runner.session.RunPlan;
import dev.ecli.runner.sink.Outputs;
import dev.ecli.runner.sink.Sinks;
import dev.ecli.runner.sys.StandardFds;
import dev.ecli.runner.sys.Sys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ecli-java replay FILE}: decodes a recording made with {@code run --record} through the
 * same plan, filters, formats and sinks as a live run, from the package the recording carries
 * (the original need not exist). Needs no privilege: nothing is loaded into the kernel.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Decode a recording made with 'run --record' as a live run would show it. Needs no privilege.",
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java replay exits.rec", "  ecli-java replay exits.rec -o json --filter 'ret!=0' | jq",
                "  ecli-java replay exits.rec exits.rec.1 --speed 1 -t"})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Recordings, replayed in order (a rotated set: FILE FILE.1 FILE.2 ...).")
    List<Path> files;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "max",
            description = "max: as fast as possible (default); 1: at the pace recorded; 2: twice as fast...")
    String speed;

    /** This command's model; the options it shares with run come from {@link ViewOptions}. */
    @Spec
    CommandSpec spec;

    /** The options shared with run, once parsed. */
    private ViewOptions.Values view;

    /** This command's model: its annotations plus the options it shares with run. */
    CommandSpec commandSpec() {
        CommandSpec s = CommandSpec.forAnnotatedObject(this);
        s.addMixin(ViewOptions.NAME, ViewOptions.mixin());
        return s;
    }

    @Override
    public Integer call() throws Exception {
        double pace = pace(speed);
        view = ViewOptions.read(spec);
        ViewOptions.check(view);
        RunCommand.checkStdout(view.format() != dev.ecli.runner.output.Format.none);
        List<Sinks.Opener> openers = Outputs.parse(view.sinkUris());
        EventClock.Replayed clock = EventClock.replaying();
        OutputStream stdout = StandardFds.stdout();
        boolean tty = Sys.isTerminal(1);
        Replay replay = null;
        Sink sink = null;
        String cut = null;
        RunPlan plan = null;
        RecordingHeader planned = null;
        try {
            for (Path file : files) {
                try (RecordingReader reader = RecordingReader.open(file)) {
                    // The files of a rotated recording share one plan (and so the table's header).
                    if (planned == null || !planned.samePackage(reader.header())) {
                        plan = ReplayPlan.of(reader.header(), file.toString(), view.fields(), view.filters());
                        planned = reader.header();
                    }
                    if (sink == null) {
                        sink = Outputs.open(view.format(), view.options(), openers, stdout, plan.streams(), tty);
                        sink.begin();
                        replay = new Replay(sink, clock, pace, view.maxEvents(), Warnings.stderr());
                    }
                    replay.use(plan.streams(), file.toString());
                    while (!replay.done() && reader.next(replay)) {
                        // each frame's records are handed on by next()
                    }
                    replay.rethrow();
                    if (reader.cut() != null) {
                        cut = file + ": " + reader.cut();
                        break;
                    }
                }
            }
            if (sink != null) {
                sink.flush();
            }
        } catch (IOException e) {
            if (!Sys.outputClosed(1)) {
                throw e;
            }
        } finally {
            if (sink != null) {
                Outputs.closeQuietly(sink);
            }
        }
        System.err.printf("ecli-java: replayed %d events of %d records%s%n", replay == null ? 0 : replay.events(),
                replay == null ? 0 : replay.records(), replay == null || replay.shortRecords() == 0 ? ""
                        : ", " + replay.shortRecords() + " short records skipped");
        if (cut != null) {
            System.err.println("ecli-java: " + cut);
            return ExitCodes.PACKAGE;
        }
        return ExitCodes.OK;
    }

    private static double pace(String speed) throws UsageException {
        if (speed.equals("max")) {
            return 0;
        }
        try {
            double x = Double.parseDouble(speed);
            if (x > 0 && Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new UsageException("--speed " + speed + ": max, or a positive factor (1: as recorded)");
    }
}
