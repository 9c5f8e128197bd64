package dev.ecli.runner.sink;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.Format;
import dev.ecli.runner.output.JsonSampleWriter;
import dev.ecli.runner.output.JsonSink;
import dev.ecli.runner.output.FoldedSampleWriter;
import dev.ecli.runner.output.OutputOptions;
import dev.ecli.runner.output.SampleWriter;
import dev.ecli.runner.output.Sink;
import dev.ecli.runner.output.TableSampleWriter;
import dev.ecli.runner.output.TableSink;
import dev.ecli.runner.output.YamlSink;
import dev.ecli.runner.params.OptionException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the events of a run or a replay go: the {@code -o} format on stdout and every
 * {@code --sink}, teed.
 */
public final class Outputs {
    private Outputs() {}

    /**
     * The {@code --sink} URIs, parsed (nothing is opened yet).
     * @throws OptionException naming the URI that does not parse
     */
    public static List<Sinks.Opener> parse(List<String> uris) throws OptionException {
        List<Sinks.Opener> openers = new ArrayList<>();
        for (String uri : uris) {
            try {
                openers.add(Sinks.parse(uri));
            } catch (SinkUriException e) {
                throw new OptionException("--sink " + uri + ": " + e.getMessage());
            }
        }
        return openers;
    }

    /**
     * The sink every event goes to: the format on {@code stdout} and the remote sinks, teed.
     * @param given   times and text fields as asked; tags, flushing and colour are decided here
     * @param tty     whether stdout is a terminal (flush per event, colours allowed)
     * @throws OptionException naming a {@code --sink} that cannot be opened
     */
    public static Sink open(Format format, OutputOptions given, List<Sinks.Opener> openers, OutputStream stdout,
                            List<EventStream> streams, boolean tty) throws OptionException {
        OutputOptions options = given.tagging(streams.size() > 1);
        List<Sink> sinks = new ArrayList<>();
        switch (format) {
            case json -> sinks.add(new JsonSink(stdout, options.flushing(tty)));
            case yaml -> sinks.add(new YamlSink(stdout, options.flushing(tty)));
            case table -> sinks.add(new TableSink(stdout, streams, options.flushing(tty).coloured(tty && colours())));
            case none, folded, flamegraph -> { } // folded output is the sampled maps' stacks only
        }
        for (Sinks.Opener o : openers) {
            try {
                // Each remote sink writes what -o json would, flushed per event into its own buffer.
                sinks.add(o.open(out -> new JsonSink(out, options.flushing(true))));
            } catch (SinkUriException e) {
                sinks.forEach(Outputs::closeQuietly);
                throw new OptionException("--sink " + o.uri() + ": " + e.getMessage());
            }
        }
        return sinks.size() == 1 ? sinks.getFirst() : new TeeSink(sinks);
    }

    /** Where sampled maps are printed: beside the events, in the same format; null for {@code -o none}. */
    public static SampleWriter samples(Format format, OutputStream stdout, OutputOptions options) {
        return switch (format) {
            case table -> new TableSampleWriter(stdout, options);
            case json, yaml -> new JsonSampleWriter(stdout, options);
            case folded -> new FoldedSampleWriter(stdout);
            case flamegraph -> new FoldedSampleWriter(stdout, true);
            case none -> null;
        };
    }

    /** Colours unless NO_COLOR is set (https://no-color.org) or the terminal is dumb. */
    public static boolean colours() {
        String no = System.getenv("NO_COLOR");
        return (no == null || no.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    /** A closed pipe at the very end is not an error: everything that could be read was. */
    public static void closeQuietly(Sink sink) {
        try {
            sink.close();
        } catch (IOException e) {
            // The reader went away; nothing left to tell it.
        }
    }
}
