package dev.ecli.runner.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Syscall names by number for this machine's architecture, from a table generated from the
 * kernel headers ({@code scripts/gen-syscall-names.sh}); numbers stay numbers on architectures
 * without a table.
 */
final class Syscalls {
    private Syscalls() {}

    private static final class Table {
        static final Map<Long, String> NAMES = load();
    }

    /** The name of syscall {@code nr} ({@code openat}), or the number as text. */
    static String name(long nr) {
        String n = Table.NAMES.get(nr);
        return n != null ? n : Long.toString(nr);
    }

    private static Map<Long, String> load() {
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            default -> null;
        };
        Map<Long, String> out = new HashMap<>();
        if (arch == null) {
            return out;
        }
        try (InputStream in = Syscalls.class.getResourceAsStream("syscalls-" + arch + ".txt")) {
            if (in == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int sp = line.indexOf(' ');
                if (!line.startsWith("#") && sp > 0) {
                    out.put(Long.parseLong(line.substring(0, sp)), line.substring(sp + 1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a damaged table: numbers it is
        }
        return out;
    }
}
