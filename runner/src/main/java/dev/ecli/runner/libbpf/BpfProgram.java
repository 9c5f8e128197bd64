package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.MemorySegment;

/** One program of a {@link BpfObject}; valid while the object is open. Not thread-safe. */
public final class BpfProgram {
    private final MemorySegment ptr;
    private final BpfObject owner;
    private final String name;
    private final String section;

    BpfProgram(MemorySegment ptr, BpfObject owner) {
        this.ptr = ptr;
        this.owner = owner;
        try {
            this.name = Native.string((MemorySegment) LibBpf.PROGRAM_NAME.invokeExact(ptr), 512);
            this.section = Native.string((MemorySegment) LibBpf.PROGRAM_SECTION_NAME.invokeExact(ptr), 4096);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** The C function's name. */
    public String name() {
        return name;
    }

    /** The ELF section, e.g. {@code tp/sched/sched_process_exit}. */
    public String section() {
        return section;
    }

    /** The {@code enum bpf_prog_type} libbpf derived from the section (e.g. 5, tracepoint). */
    public int type() {
        owner.checkOpen();
        try {
            return (int) LibBpf.PROGRAM_TYPE.invokeExact(ptr);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** Whether {@link BpfObject#load()} loads this program. */
    public boolean autoload() {
        owner.checkOpen();
        try {
            return (boolean) LibBpf.PROGRAM_AUTOLOAD.invokeExact(ptr);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /**
     * Chooses whether the program is loaded.
     * @throws BpfException when the object is already loaded (EINVAL)
     */
    public void setAutoload(boolean on) throws BpfException {
        owner.checkOpen();
        try {
            int rc = (int) LibBpf.PROGRAM_SET_AUTOLOAD.invokeExact(ptr, on);
            if (rc < 0) {
                throw LibBpf.failure("set autoload of program " + name, rc);
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** The program's file descriptor once loaded, else negative. */
    public int fd() {
        owner.checkOpen();
        try {
            return (int) LibBpf.PROGRAM_FD.invokeExact(ptr);
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /**
     * Attaches by section name ({@code bpf_program__attach}); the program must be loaded. The
     * link is also closed when the object is.
     * @throws BpfException one line naming the program and section, e.g. "attach program
     *     on_exit (SEC tp/sched/nope): No such file or directory; no such tracepoint ...",
     *     with a hint for known kernel limits and libbpf's log of the attempt
     */
    public BpfLink attach() throws BpfException {
        owner.checkOpen();
        try {
            LibbpfLog.clear();
            MemorySegment link = (MemorySegment) LibBpf.PROGRAM_ATTACH.invokeExact(Native.callState(), ptr);
            if (link.equals(MemorySegment.NULL)) {
                int errno = Native.errno();
                String log = LibbpfLog.text();
                throw new BpfException("attach program " + this + ": " + LibBpf.strerror(errno)
                        + LoadHints.hint(section, errno, log), errno, log);
            }
            return owner.track(new BpfLink(link, name, owner::untrack));
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** The name and section, as error messages show them: {@code on_exit (SEC tp/sched/...)}. */
    @Override
    public String toString() {
        return name + " (SEC " + section + ")";
    }
}
