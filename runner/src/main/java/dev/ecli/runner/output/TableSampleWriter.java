package dev.ecli.runner.output;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.sample.Histogram;
import dev.ecli.runner.sample.MapSnapshot;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.stream.TextValue;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints sampled maps for people. Each print starts with a blank line, the time when the map
 * is printed every interval, and {@code NAME:}. Rows are a table under a header of field names;
 * histograms are drawn as bcc and bpftrace draw them:
 * <pre>
 *      usecs               : count    distribution
 *          0 -&gt; 1          : 3        |****                                    |
 *          2 -&gt; 3          : 29       |****************************************|
 * </pre>
 * one per key, under a line naming the key ({@code tgid = 42, task = bash}) when there are keys.
 * Stack-id fields are not columns: their frames follow each row, indented, innermost first,
 * {@code --} between one stack and the next (a kernel stack, then a user one).
 */
public final class TableSampleWriter implements SampleWriter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final OutputStream out;
    /** How rows are cut: {@link OutputOptions#wide} only. */
    private final OutputOptions rows;

    /** Rows with long text cut at their column's width. */
    public TableSampleWriter(OutputStream out) {
        this(out, OutputOptions.NONE);
    }

    /** @param options only {@link OutputOptions#wide} applies: long text shown whole */
    public TableSampleWriter(OutputStream out, OutputOptions options) {
        this.out = out;
        this.rows = OutputOptions.NONE.widened(options.wide());
    }

    @Override
    public void write(MapSnapshot s, EventStream view) throws IOException {
        StringBuilder sb = new StringBuilder("\n");
        if (s.periodic()) {
            sb.append(TIME.format(LocalTime.now())).append('\n');
        }
        sb.append(s.map()).append(":\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (s.histograms() == null && s.frames() != null) {
            // Stack ids are shown as their frames, indented under each row.
            List<String> stackFields = s.frames().isEmpty() ? List.of() : List.copyOf(s.frames().getFirst().keySet());
            EventStream shown = view.withFields(view.fields().stream().filter(f -> !stackFields.contains(f.name()))
                    .toList());
            TableSink table = new TableSink(out, List.of(shown), rows);
            table.begin();
            for (int i = 0; i < s.rows().size(); i++) {
                table.event(shown, MemorySegment.ofArray(s.rows().get(i)));
                table.flush();
                StringBuilder frames = new StringBuilder();
                boolean first = true;
                for (List<String> stack : s.frames().get(i).values()) {
                    if (stack.isEmpty()) {
                        continue;
                    }
                    if (!first) {
                        frames.append("    --\n");
                    }
                    first = false;
                    for (String frame : stack) {
                        frames.append("    ").append(frame).append('\n');
                    }
                }
                out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
            }
        } else if (s.histograms() == null) {
            TableSink table = new TableSink(out, List.of(view), rows);
            table.begin();
            for (byte[] row : s.rows()) {
                table.event(view, MemorySegment.ofArray(row));
            }
            table.flush();
        } else {
            StringBuilder h = new StringBuilder();
            for (int i = 0; i < s.rows().size(); i++) {
                String key = s.keyShown() ? keyLine(s, view, s.rows().get(i)) : "";
                if (!key.isEmpty()) { // no line for a key whose fields are all hidden
                    h.append(key).append('\n');
                }
                draw(s.histograms().get(i), h);
                if (i < s.rows().size() - 1) {
                    h.append('\n');
                }
            }
            out.write(h.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    /** {@code tgid = 42, task = bash}: the key's fields and the value's other fields, formatted (hidden ones left out). */
    static String keyLine(MapSnapshot s, EventStream view, byte[] row) {
        List<String> parts = new ArrayList<>();
        MemorySegment r = MemorySegment.ofArray(row);
        for (Field f : s.labels()) {
            if (view.fields().contains(f)) {
                parts.add(f.name() + " = " + TextValue.of(f, r, view.formats().get(f.name())));
            }
        }
        return String.join(", ", parts);
    }

    /** One histogram in bcc's layout; a wide one (buckets past 2^32) gets wider columns and half the stars. */
    static void draw(Histogram h, StringBuilder sb) {
        long max = 0;
        for (Histogram.Bucket b : h.buckets()) {
            max = Math.max(max, b.count());
        }
        if (h.kind().equals("linear")) {
            sb.append(String.format(Locale.ROOT, "     %-13s : count     distribution%n", h.unit()));
            for (Histogram.Bucket b : h.buckets()) {
                sb.append(String.format(Locale.ROOT, "        %-10d : %-8d |", b.low(), b.count()));
                stars(sb, b.count(), max, 40);
                sb.append("|\n");
            }
            return;
        }
        boolean wide = h.widest() > 32;
        int width = wide ? 20 : 10;
        int stars = wide ? 20 : 40;
        sb.append(" ".repeat(wide ? 15 : 5)).append(String.format(Locale.ROOT, "%-" + (wide ? 29 : 19) + "s", h.unit()))
                .append(" : count    distribution\n");
        for (Histogram.Bucket b : h.buckets()) {
            sb.append(String.format(Locale.ROOT, "%" + width + "d -> %-" + width + "d : %-8d |", b.low(), b.high(),
                    b.count()));
            stars(sb, b.count(), max, stars);
            sb.append("|\n");
        }
    }

    private static void stars(StringBuilder sb, long count, long max, int width) {
        int n = max == 0 ? 0 : (int) (count * width / max);
        sb.append("*".repeat(n)).append(" ".repeat(width - n));
    }
}
