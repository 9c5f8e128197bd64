package dev.ecli.runner.cli;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.JsonSampleWriter;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.OutputOptions;
import dev.ecli.runner.output.SampleWriter;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.output.TableSampleWriter;
import dev.ecli.runner.output.TableSink;
import dev.ecli.runner.output.YamlSink;
import dev.ecli.runner.sink.SinkUriException;
import dev.ecli.runner.sink.Sinks;
import dev.ecli.runner.sink.TeeSink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** Where a run's events go: the {@code -o} format on stdout and every {@code --sink}. */
final class RunOutputs {
    private RunOutputs() {}

    /** The {@code --sink} URIs, parsed (nothing is opened yet). */
    static List<Sinks.Opener> parse(List<String> uris) throws UsageException {
        List<Sinks.Opener> openers = new ArrayList<>();
        for (String uri : uris) {
            try {
                openers.add(Sinks.parse(uri));
            } catch (SinkUriException e) {
                throw new UsageException("--sink " + uri + ": " + e.getMessage());
            }
        }
        return openers;
    }

    /**
     * The sink every event goes to: the format on {@code stdout} and the remote sinks, teed.
     * @param tty whether stdout is a terminal (flush per event, colours allowed)
     */
    static Sink open(ViewOptions.Values view, List<Sinks.Opener> openers, OutputStream stdout,
                     List<EventStream> streams, boolean tty) throws UsageException {
        OutputOptions options = OutputOptions.NONE.tagging(streams.size() > 1).timestamped(view.timestamps())
                .withTextFields(view.withText());
        List<Sink> sinks = new ArrayList<>();
        switch (view.format()) {
            case json -> sinks.add(new JsonSink(stdout, options.flushing(tty)));
            case yaml -> sinks.add(new YamlSink(stdout, options.flushing(tty)));
            case table -> sinks.add(new TableSink(stdout, streams, options.flushing(tty).coloured(tty && colours())));
            case none -> { }
        }
        for (Sinks.Opener o : openers) {
            try {
                // Each remote sink writes what -o json would, flushed per event into its own buffer.
                sinks.add(o.open(out -> new JsonSink(out, options.flushing(true))));
            } catch (SinkUriException e) {
                sinks.forEach(RunOutputs::closeQuietly);
                throw new UsageException("--sink " + o.uri() + ": " + e.getMessage());
            }
        }
        return sinks.size() == 1 ? sinks.getFirst() : new TeeSink(sinks);
    }

    /** Where sampled maps are printed: beside the events, in the same format; null for {@code -o none}. */
    static SampleWriter samples(RunCommand.Format format, OutputStream stdout) {
        return switch (format) {
            case table -> new TableSampleWriter(stdout);
            case json, yaml -> new JsonSampleWriter(stdout);
            case none -> null;
        };
    }

    /** Colours unless NO_COLOR is set (https://no-color.org) or the terminal is dumb. */
    static boolean colours() {
        String no = System.getenv("NO_COLOR");
        return (no == null || no.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    /** A closed pipe at the very end is not an error: everything that could be read was. */
    static void closeQuietly(Sink sink) {
        try {
            sink.close();
        } catch (IOException e) {
            // The reader went away; nothing left to tell it.
        }
    }
}
