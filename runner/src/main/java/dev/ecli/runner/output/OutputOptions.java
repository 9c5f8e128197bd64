package dev.ecli.runner.output;

/**
 * How a sink writes, beside its format: what {@code run} and {@code replay} decide from the
 * terminal and their options. Start from {@link #NONE} and set what differs:
 * {@code OutputOptions.NONE.flushing(tty).timestamped(true)}.
 *
 * @param flushEachEvent flush after every event (stdout is a terminal)
 * @param tagStreams     name each event's map ({@code "_map"} in JSON; several exported maps)
 * @param timestamps     add the local time each event was received ({@code -t})
 * @param textFields     JSON: beside each formatted field (a signal, a duration...) add
 *                       {@code NAME_text} with the text a table shows ({@code --text})
 * @param colour         style tables with ANSI escapes (stdout is a colour terminal)
 * @param wide           tables: show long cells whole instead of cutting them at their column's
 *                       width with {@code …} ({@code --wide})
 */
public record OutputOptions(boolean flushEachEvent, boolean tagStreams, boolean timestamps, boolean textFields,
                            boolean colour, boolean wide) {
    /** Every option off: buffered, untagged, no times, no text fields, no colour, cells cut. */
    public static final OutputOptions NONE = new OutputOptions(false, false, false, false, false, false);

    /** These options with {@link #flushEachEvent} set to {@code on}. */
    public OutputOptions flushing(boolean on) {
        return new OutputOptions(on, tagStreams, timestamps, textFields, colour, wide);
    }

    /** These options with {@link #tagStreams} set to {@code on}. */
    public OutputOptions tagging(boolean on) {
        return new OutputOptions(flushEachEvent, on, timestamps, textFields, colour, wide);
    }

    /** These options with {@link #timestamps} set to {@code on}. */
    public OutputOptions timestamped(boolean on) {
        return new OutputOptions(flushEachEvent, tagStreams, on, textFields, colour, wide);
    }

    /** These options with {@link #textFields} set to {@code on}. */
    public OutputOptions withTextFields(boolean on) {
        return new OutputOptions(flushEachEvent, tagStreams, timestamps, on, colour, wide);
    }

    /** These options with {@link #colour} set to {@code on}. */
    public OutputOptions coloured(boolean on) {
        return new OutputOptions(flushEachEvent, tagStreams, timestamps, textFields, on, wide);
    }

    /** These options with {@link #wide} set to {@code on}. */
    public OutputOptions widened(boolean on) {
        return new OutputOptions(flushEachEvent, tagStreams, timestamps, textFields, colour, on);
    }
}
