package dev.ecli.runner.libbpf;

import java.lang.foreign.MemorySegment;

/** An attachment ({@code struct bpf_link}); {@link #close()} detaches it. */
public final class BpfLink implements AutoCloseable {
    private MemorySegment ptr;

    BpfLink(MemorySegment ptr) {
        this.ptr = ptr;
    }

    /** Detaches; calling again does nothing. */
    @Override
    public void close() {
        if (ptr == null) {
            return;
        }
        try {
            int rc = (int) LibBpf.LINK_DESTROY.invokeExact(ptr);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        } finally {
            ptr = null;
        }
    }
}
