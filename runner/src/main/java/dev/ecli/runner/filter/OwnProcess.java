package dev.ecli.runner.filter;

import dev.ecli.runner.decode.Field;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Leaves out the records a given process caused: those whose process field holds its id. The
 * runner uses it on its own id, so that reading /proc, writing rows or loading classes does not
 * show up in what it traces; which fields hold a process id the package says (see
 * dev.ecli.runner.enrich.Enrichment#processFields), never their names.
 */
public final class OwnProcess {
    private OwnProcess() {}

    /**
     * This process's id as /proc/self names it (the kernel's number in this namespace); -1, which
     * no record holds, when /proc is not there.
     */
    public static long runner() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Accepts a record unless one of {@code fields} (top-level integers of 4 to 8 bytes) equals
     * {@code processId}. Thread-safe: it keeps no state.
     */
    public static Predicate<MemorySegment> excluding(List<Field.IntField> fields, long processId) {
        List<Field.IntField> ids = List.copyOf(fields);
        return r -> {
            for (Field.IntField f : ids) {
                if (f.value(r, 0) == processId) {
                    return false;
                }
            }
            return true;
        };
    }
}
