package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * An attachment ({@code struct bpf_link}); {@link #close()} detaches it. A link not closed by
 * its user is closed with its {@link BpfObject}. Not thread-safe.
 */
public final class BpfLink implements AutoCloseable {
    private final String program;
    private final Consumer<BpfLink> onClose;
    private MemorySegment ptr;

    BpfLink(MemorySegment ptr, String program, Consumer<BpfLink> onClose) {
        this.ptr = ptr;
        this.program = program;
        this.onClose = onClose;
    }

    /** Whether it is still attached (not closed). */
    public boolean isOpen() {
        return ptr != null;
    }

    /** Detaches ({@code bpf_link__destroy}); calling again does nothing. */
    @Override
    public void close() {
        if (ptr == null) {
            return;
        }
        MemorySegment p = ptr;
        ptr = null;
        onClose.accept(this);
        try {
            int rc = (int) LibBpf.LINK_DESTROY.invokeExact(p);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    @Override
    public String toString() {
        return "link of " + program + (ptr == null ? " (closed)" : "");
    }
}
