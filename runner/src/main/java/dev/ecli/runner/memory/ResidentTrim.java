package dev.ecli.runner.memory;

import dev.ecli.runner.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops from this process's resident set the pages of its read-only, private file mappings
 * that hold no private copy: libjvm's code, most of which only start-up runs, and the JVM's
 * AOT cache (which the JVM touches all over again: its 2 MiB page-cache folios come back whole).
 * Such a page is the file's page-cache page, so dropping it loses nothing: a later access maps
 * it again, from memory. Mappings with any anonymous page (a library's relocated data, made
 * read-only after) are left alone, and the kernel is told not to map these ranges by huge
 * pages again ({@code MADV_NOHUGEPAGE}), or the first access would bring 2 MiB back.
 *
 * <p>Exitsnoop while tracing after a 100,000-exit storm: see bench/README.md for the figures.
 */
public final class ResidentTrim {
    private ResidentTrim() {}

    /** One mapping: where it is and whether it may be dropped. */
    record Mapping(long start, long end, boolean candidate) {}

    /**
     * Trims on a daemon thread, {@code afterMillis} from now (not to compete with the first
     * events' decoding), after a full collection: start-up's garbage (the manifest's tree, the
     * object's parsed ELF) leaves the old generation, which then shrinks to what lives
     * (-XX:MaxHeapFreeRatio). Does nothing where /proc or madvise is unavailable.
     */
    public static void inBackground(long afterMillis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(afterMillis);
            } catch (InterruptedException e) {
                return;
            }
            System.gc();
            trim();
        }, "ecli-trim");
        t.setDaemon(true);
        t.start();
    }

    /** Trims now; returns the bytes advised away (0 when nothing could be). */
    public static long trim() {
        List<Mapping> maps;
        try {
            maps = candidates(Files.readAllLines(Path.of("/proc/self/smaps")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        long done = 0;
        try {
            for (Mapping m : maps) {
                long len = m.end() - m.start();
                if (m.candidate() && Libc.madvise(m.start(), len, Libc.MADV_NOHUGEPAGE)
                        && Libc.madvise(m.start(), len, Libc.MADV_DONTNEED)) {
                    done += len;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return done; // no madvise: nothing more to drop
        }
        return done;
    }

    /**
     * The mappings of an smaps text, each marked candidate when it is a private, read-only
     * mapping of a file (a path) whose pages are all the file's (Anonymous: 0 kB).
     */
    static List<Mapping> candidates(List<String> smaps) {
        List<Mapping> out = new ArrayList<>();
        long start = 0, end = 0;
        boolean fileReadOnly = false, open = false;
        for (String line : smaps) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && isHex(line, 0, dash) && isHex(line, dash + 1, space)) {
                String[] f = line.trim().split("\\s+", 6);
                start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
                end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
                String perms = f.length > 1 ? f[1] : "";
                String path = f.length > 5 ? f[5] : "";
                fileReadOnly = perms.length() == 4 && perms.charAt(1) == '-' && perms.charAt(3) == 'p'
                        && path.startsWith("/") && !path.endsWith(" (deleted)");
                open = true;
            } else if (open && line.startsWith("Anonymous:")) {
                boolean noAnon = line.substring("Anonymous:".length()).trim().startsWith("0 ");
                if (end > start) {
                    out.add(new Mapping(start, end, fileReadOnly && noAnon));
                }
                open = false;
            }
        }
        return out;
    }

    private static boolean isHex(String s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
