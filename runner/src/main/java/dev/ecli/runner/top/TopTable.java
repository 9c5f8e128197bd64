package dev.ecli.runner.top;

import dev.ecli.runner.decode.Field;
import java.util.ArrayList;
import java.util.List;

/** One stream's top rows as an aligned table: the key columns, COUNT, and the summed field. */
final class TopTable {
    private TopTable() {}

    static void render(StringBuilder sb, Aggregate a, int n) {
        List<String> head = new ArrayList<>();
        for (Field f : a.keys()) {
            head.add(TopSink.title(f));
        }
        head.add("COUNT");
        if (a.summed() != null) {
            head.add(TopSink.title(a.summed()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Aggregate.Row r : a.top(n)) {
            List<String> cells = new ArrayList<>(r.key());
            cells.add(Long.toString(r.count()));
            if (a.summed() != null) {
                cells.add(Long.toString(r.sum()));
            }
            rows.add(cells);
        }
        int[] widths = new int[head.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = head.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        line(sb, head, widths);
        for (List<String> r : rows) {
            line(sb, r, widths);
        }
        if (a.otherEvents() > 0) {
            sb.append("(").append(a.otherEvents()).append(" events of keys beyond the first ")
                    .append(Aggregate.MAX_KEYS).append(")\n");
        }
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).replaceAll("\\p{Cntrl}", "?");
            sb.append(c);
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        sb.append('\n');
    }
}
