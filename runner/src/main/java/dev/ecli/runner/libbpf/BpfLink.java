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
        LibBpf.LINK_DESTROY.call(Native.ptr(p));
    }

    /**
     * The link's file descriptor ({@code bpf_link__fd}), e.g. to create an iterator from an
     * iter link; owned by the link.
     * @throws IllegalStateException when closed
     */
    public int fd() {
        if (ptr == null) {
            throw new IllegalStateException(this + " is closed");
        }
        return (int) LibBpf.LINK_FD.call(Native.ptr(ptr));
    }

    /**
     * Starts one pass of an iter link ({@code bpf_iter_create}): reading the returned fd runs
     * the program over every object; the caller closes it.
     * @throws BpfException when the link is not an iterator or the kernel refuses
     */
    public int openIterator() throws BpfException {
        int fd = (int) LibBpf.ITER_CREATE.call(fd());
        if (fd < 0) {
            throw LibBpf.failure("create iterator from " + this, fd);
        }
        return fd;
    }

    @Override
    public String toString() {
        return "link of " + program + (ptr == null ? " (closed)" : "");
    }
}
