package dev.ecli.runner.loop;

import dev.ecli.runner.consume.RecordSource;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.stream.EventStream;

/**
 * One exported map being read: how its records are shown, its reader, and the package's
 * count of records the kernel side dropped ({@code drops}: null when the package counts none).
 */
public record Source(EventStream stream, RecordSource source, Drops drops) {
    /** Reads a drop count kept by the BPF side. */
    @FunctionalInterface
    public interface Drops {
        /** The count so far. */
        long read() throws BpfException;
    }
}
