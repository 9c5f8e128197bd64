package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.MemorySegment;

/** One program of a {@link BpfObject}; valid while the object is open. */
public final class BpfProgram {
    private final MemorySegment ptr;
    private final String name;
    private final String section;

    BpfProgram(MemorySegment ptr) {
        this.ptr = ptr;
        try {
            this.name = Native.string((MemorySegment) LibBpf.PROGRAM_NAME.invokeExact(ptr), 512);
            this.section = Native.string((MemorySegment) LibBpf.PROGRAM_SECTION_NAME.invokeExact(ptr), 4096);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
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

    /** The {@code enum bpf_prog_type} libbpf derived from the section. */
    public int type() {
        try {
            return (int) LibBpf.PROGRAM_TYPE.invokeExact(ptr);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** Whether {@link BpfObject#load()} loads this program. */
    public boolean autoload() {
        try {
            return (boolean) LibBpf.PROGRAM_AUTOLOAD.invokeExact(ptr);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** Chooses whether the program is loaded; call before load. */
    public void setAutoload(boolean on) throws BpfException {
        try {
            int rc = (int) LibBpf.PROGRAM_SET_AUTOLOAD.invokeExact(ptr, on);
            if (rc < 0) {
                throw LibBpf.failure("set autoload of " + name, rc);
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /**
     * Attaches by section name ({@code bpf_program__attach}).
     * @throws BpfException naming the program and section, with a hint for known kernel limits
     */
    public BpfLink attach() throws BpfException {
        try {
            LibBpf.clearLog();
            MemorySegment link = (MemorySegment) LibBpf.PROGRAM_ATTACH.invokeExact(Native.callState(), ptr);
            if (link.equals(MemorySegment.NULL)) {
                int errno = Native.errno();
                throw new BpfException("attach program " + name + " (SEC " + section + "): "
                        + LibBpf.strerror(errno) + LoadHints.hint(section, errno, LibBpf.log()),
                        errno, LibBpf.log());
            }
            return new BpfLink(link);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    @Override
    public String toString() {
        return name + " (SEC " + section + ")";
    }
}
