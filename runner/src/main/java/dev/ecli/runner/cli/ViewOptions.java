package dev.ecli.runner.cli;

import dev.ecli.runner.output.Format;
import dev.ecli.runner.output.OutputOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options {@code run} and {@code replay} share, declared once: the output format, the
 * fields, filters, remote sinks, times, text fields and {@code --max-events}. A picocli mixin
 * built by hand, not from annotations, so {@code run} starts as fast as before (see
 * {@link RunModel}).
 */
final class ViewOptions {
    /** The mixin's name in a command's model. */
    static final String NAME = "view";

    /**
     * What was given.
     * @param maxEvents {@code <= 0}: no limit
     */
    record Values(Format format, String fields, List<String> filters, List<String> sinkUris,
                  boolean timestamps, boolean withText, boolean wide, long maxEvents) {
        /** What the sinks take from these options: times, text fields and whole cells. */
        OutputOptions options() {
            return OutputOptions.NONE.timestamped(timestamps).withTextFields(withText).widened(wide);
        }
    }

    private ViewOptions() {}

    /** The mixin, to add with {@code spec.addMixin(NAME, mixin())}. */
    static CommandSpec mixin() {
        CommandSpec s = CommandSpec.create();
        s.addOption(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(Format.class)
                .defaultValue("table")
                .description("Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); folded: sampled"
                        + " stacks as flame graph tools read them; flamegraph: an SVG of them; none: nothing on stdout,"
                        + " e.g. with --sink.")
                .build());
        s.addOption(OptionSpec.builder("--sink").paramLabel("URI").type(List.class).auxiliaryTypes(String.class)
                .description("Also send every event, as its JSON line with \"_host\" added, to URI, e.g."
                        + " kafka://HOST:PORT/TOPIC (parameters after ?: queue=N, queue-bytes=SIZE, linger-ms=N,"
                        + " compression=lz4|gzip|none, host=NAME, close-ms=N). Repeatable. While the destination"
                        + " is away, events wait in a bounded queue; what does not fit is dropped and counted.")
                .build());
        s.addOption(OptionSpec.builder("--max-events").paramLabel("N").type(long.class)
                .description("Stop after N events.").build());
        s.addOption(OptionSpec.builder("--fields").paramLabel("LIST").type(String.class)
                .description("Fields to show, in order (a,b,c), or to leave out (-a,-b). Hidden fields can be named.")
                .build());
        s.addOption(OptionSpec.builder("--filter").paramLabel("EXPR").type(List.class).auxiliaryTypes(String.class)
                .description("Show only events where EXPR holds: FIELD OP VALUE, OP one of == != < <= > >= ~ !~"
                        + " (regex), e.g. 'ret!=0', 'name~^ba', 'signal==SIGKILL'; FIELD in (a, b); on an address"
                        + " field a network, 'addr in 10.0.0.0/8'; combined with || && ! and parentheses."
                        + " Repeat to require several.")
                .build());
        s.addOption(OptionSpec.builder("-t", "--timestamp").type(boolean.class)
                .description("Show the time each event was received.").build());
        s.addOption(OptionSpec.builder("--text").type(boolean.class)
                .description("JSON: beside each formatted field (signal, duration, errno...) add NAME_text with"
                        + " the text the table shows; the field keeps its number.")
                .build());
        s.addOption(OptionSpec.builder("--wide").type(boolean.class)
                .description("Tables: show long text (paths, arrays) whole instead of cutting it with … at its"
                        + " column's width.")
                .build());
        return s;
    }

    /** The values parsed into {@code spec}, a command with this mixin; checked by {@link #check}. */
    static Values read(CommandSpec spec) {
        Long max = spec.findOption("--max-events").getValue();
        return new Values(spec.findOption("--output").getValue(), spec.findOption("--fields").getValue(),
                list(spec, "--filter"), list(spec, "--sink"), set(spec, "--timestamp"), set(spec, "--text"),
                set(spec, "--wide"), max == null ? 0 : max);
    }

    /** @throws UsageException when {@code --max-events} is negative */
    static void check(Values v) throws UsageException {
        if (v.maxEvents() < 0) {
            throw new UsageException("--max-events must be positive, got " + v.maxEvents());
        }
    }

    private static boolean set(CommandSpec spec, String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    private static List<String> list(CommandSpec spec, String name) {
        List<String> v = spec.findOption(name).getValue();
        return v == null ? new ArrayList<>() : v;
    }
}
