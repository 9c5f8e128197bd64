package dev.ecli.runner.top;

import dev.ecli.runner.decode.Field;
import java.util.List;

/**
 * A snapshot as one JSON line: {@code {"time":"HH:MM:SS","events":N,"rows":[{KEY...,"count":C,
 * FIELD:SUM}]}}, the rows of every stream in order, each with {@code "_map"} when several streams run.
 */
final class TopJson {
    private TopJson() {}

    static void snapshot(StringBuilder sb, String clock, long events, List<Aggregate> all, int n) {
        sb.append("{\"time\":\"").append(clock).append("\",\"events\":").append(events).append(",\"rows\":[");
        boolean first = true;
        for (Aggregate a : all) {
            for (Aggregate.Row r : a.top(n)) {
                sb.append(first ? "{" : ",{");
                first = false;
                if (all.size() > 1) {
                    string(sb, "_map");
                    sb.append(':');
                    string(sb, a.map());
                    sb.append(',');
                }
                for (int i = 0; i < a.keys().size(); i++) {
                    string(sb, a.keys().get(i).name());
                    sb.append(':');
                    string(sb, r.key().get(i));
                    sb.append(',');
                }
                sb.append("\"count\":").append(r.count());
                Field s = a.summed();
                if (s != null) {
                    sb.append(',');
                    string(sb, s.name());
                    sb.append(':').append(r.sum());
                }
                sb.append('}');
            }
        }
        sb.append("]}\n");
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
