package dev.ecli.runner.format;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Names for values from a table (the manifest's {@code names:}, a kernel enum's): the number when none. */
public final class NameTable {
    private NameTable() {}

    /**
     * The format that looks values up in {@code names}.
     * @param lower show the names in lower case
     */
    public static ValueFormat of(Map<Long, String> names, boolean lower) {
        Map<Long, String> table = new HashMap<>();
        names.forEach((v, n) -> table.put(v, lower ? n.toLowerCase(Locale.ROOT) : n));
        return v -> {
            String n = table.get(v);
            return n != null ? n : Long.toString(v);
        };
    }

    /**
     * The manifest's {@code names:} (value text to name) as numbers to names.
     * @throws NumberFormatException naming the value that is no decimal or 0x hex number
     */
    public static Map<Long, String> parse(Map<String, String> names) {
        Map<Long, String> out = new HashMap<>();
        names.forEach((k, n) -> out.put(number(k), n));
        return out;
    }

    /** A decimal or {@code 0x} hex number, maybe negative. */
    static long number(String s) {
        String t = s.strip();
        boolean neg = t.startsWith("-");
        String body = neg ? t.substring(1) : t;
        long v = body.startsWith("0x") || body.startsWith("0X") ? Long.parseUnsignedLong(body.substring(2), 16)
                : Long.parseLong(body);
        return neg ? -v : v;
    }
}
