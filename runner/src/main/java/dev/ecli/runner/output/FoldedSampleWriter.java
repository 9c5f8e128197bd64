package dev.ecli.runner.output;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.sample.MapSnapshot;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.stream.TextValue;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stacks in Brendan Gregg's folded format, which flamegraph.pl, speedscope and most flame
 * graph tools read: one line per row with stacks, {@code COMMAND;outermost;...;innermost COUNT}, user
 * frames before kernel ones, kernel frames marked {@code _[k]}. The row's first string field
 * (a command) leads; its count is the map's count field, summed over rows whose frames read the
 * same. Rows without frames are left out.
 */
public final class FoldedSampleWriter implements SampleWriter {
    private final OutputStream out;
    private final boolean svg;

    /** Folded lines to {@code out}. */
    public FoldedSampleWriter(OutputStream out) {
        this(out, false);
    }

    /**
     * Folded lines, or with {@code svg} a flame graph of them: one self-contained SVG document
     * per print of the map.
     */
    public FoldedSampleWriter(OutputStream out, boolean svg) {
        this.out = out;
        this.svg = svg;
    }

    @Override
    public void write(MapSnapshot s, EventStream view) throws IOException {
        if (s.frames() == null || s.histograms() != null) {
            return;
        }
        Field label = s.plan().fields().stream().filter(f -> f instanceof Field.CharsField).findFirst().orElse(null);
        Field count = s.count() == null ? null
                : s.plan().fields().stream().filter(f -> f.name().equals(s.count())).findFirst().orElse(null);
        // rows whose addresses differ but whose frames read the same are one line
        Map<String, Long> lines = new java.util.LinkedHashMap<>();
        for (int i = 0; i < s.rows().size(); i++) {
            MemorySegment row = MemorySegment.ofArray(s.rows().get(i));
            List<String> frames = new ArrayList<>();
            // user stacks first (they are outer), then kernel ones: outermost frame first in each
            for (boolean kernel : new boolean[] {false, true}) {
                for (Map.Entry<String, List<String>> e : s.frames().get(i).entrySet()) {
                    if (s.kernelStacks().contains(e.getKey()) != kernel) {
                        continue;
                    }
                    List<String> stack = e.getValue();
                    for (int j = stack.size() - 1; j >= 0; j--) {
                        // no offsets: one function is one box in a flame graph
                        frames.add(clean(stack.get(j).replaceFirst("\\+0x[0-9a-f]+$", "")) + (kernel ? "_[k]" : ""));
                    }
                }
            }
            if (frames.isEmpty()) {
                continue;
            }
            String stack = (label != null ? clean(TextValue.of(label, row, null)) + ";" : "") + String.join(";", frames);
            long n = 1;
            if (count != null) {
                try {
                    n = Long.parseUnsignedLong(TextValue.of(count, row, null));
                } catch (NumberFormatException e) {
                    n = 1;
                }
            }
            lines.merge(stack, n, Long::sum);
        }
        if (svg) {
            out.write(FlameGraph.svg(lines, s.map() + ": " + lines.values().stream().mapToLong(Long::longValue).sum()
                    + " samples"));
            out.flush();
            return;
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach((stack, n) -> sb.append(stack).append(' ').append(Long.toUnsignedString(n)).append('\n'));
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A frame or command without the separators of the format (';', spaces and line ends). */
    static String clean(String s) {
        return s.replace(';', ':').replace(' ', '_').replace('\n', '_');
    }
}
