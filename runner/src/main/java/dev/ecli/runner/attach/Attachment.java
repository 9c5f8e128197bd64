package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfLink;
import java.util.List;

/**
 * What one program's attach left in the kernel: one BPF link, several (a perf event per CPU),
 * or a tc filter. {@link #close()} undoes it; calling it again does nothing.
 */
public interface Attachment extends AutoCloseable {
    /** Detaches. */
    @Override
    void close();

    /** One link. */
    static Attachment of(BpfLink link) {
        return link::close;
    }

    /** Several links, closed last first. */
    static Attachment of(List<BpfLink> links) {
        List<BpfLink> copy = List.copyOf(links);
        return () -> {
            for (int i = copy.size() - 1; i >= 0; i--) {
                copy.get(i).close();
            }
        };
    }
}
