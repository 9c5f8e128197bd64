package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
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
        this.name = Native.string(Native.pointer(LibBpf.PROGRAM_NAME.call(Native.ptr(ptr))), 512);
        this.section = Native.string(Native.pointer(LibBpf.PROGRAM_SECTION_NAME.call(Native.ptr(ptr))), 4096);
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
        return (int) LibBpf.PROGRAM_TYPE.call(Native.ptr(ptr));
    }

    /** Whether {@link BpfObject#load()} loads this program. */
    public boolean autoload() {
        owner.checkOpen();
        return (LibBpf.PROGRAM_AUTOLOAD.call(Native.ptr(ptr)) & 0xff) != 0; // bool: only al is set
    }

    /**
     * Chooses whether the program is loaded.
     * @throws BpfException when the object is already loaded (EINVAL)
     */
    public void setAutoload(boolean on) throws BpfException {
        owner.checkOpen();
        int rc = (int) LibBpf.PROGRAM_SET_AUTOLOAD.call(Native.ptr(ptr), on ? 1L : 0L);
        if (rc < 0) {
            throw LibBpf.failure("set autoload of program " + name, rc);
        }
    }

    /** The program's file descriptor once loaded, else negative. */
    public int fd() {
        owner.checkOpen();
        return (int) LibBpf.PROGRAM_FD.call(Native.ptr(ptr));
    }

    /**
     * How often the loaded program ran and for how long, from {@code struct bpf_prog_info}. The
     * kernel counts only while {@code kernel.bpf_stats_enabled} is 1 (both stay 0 otherwise).
     *
     * @param runTimeNanos total run time ({@code run_time_ns})
     * @param runs         runs ({@code run_cnt})
     */
    public record RunTotals(long runTimeNanos, long runs) {}

    /** {@code struct bpf_prog_info}: its size in the UAPI this was written against, and two offsets. */
    private static final int INFO_SIZE = 232, RUN_TIME_NS = 192, RUN_CNT = 200;

    /**
     * The program's run totals; may be called from any thread while the object is open.
     * @throws BpfException when the program is not loaded or the kernel refuses
     */
    public RunTotals runTotals() throws BpfException {
        int fd = fd();
        if (fd < 0) {
            throw new BpfException("program " + name + " is not loaded", 22, "");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = a.allocate(INFO_SIZE, 8);
            MemorySegment len = a.allocate(java.lang.foreign.ValueLayout.JAVA_INT);
            len.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, INFO_SIZE);
            int rc = (int) LibBpf.OBJ_GET_INFO_BY_FD.call(fd, Native.ptr(info), Native.ptr(len));
            if (rc < 0) {
                throw LibBpf.failure("read the info of program " + name, rc);
            }
            // An older kernel fills less; the fields it does not know stay zero.
            return new RunTotals(info.get(java.lang.foreign.ValueLayout.JAVA_LONG, RUN_TIME_NS),
                    info.get(java.lang.foreign.ValueLayout.JAVA_LONG, RUN_CNT));
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
        LibbpfLog.clear();
        MemorySegment link = Native.pointer(LibBpf.PROGRAM_ATTACH.call(Native.ptr(ptr)));
        if (link.equals(MemorySegment.NULL)) {
            int errno = Native.errno();
            String log = LibbpfLog.text();
            throw new BpfException("attach program " + this + ": " + LibBpf.strerror(errno)
                    + LoadHints.hint(section, errno, log), errno, log);
        }
        return owner.track(new BpfLink(link, name, owner::untrack));
    }

    /**
     * The head of struct bpf_uprobe_opts: {size_t sz; size_t ref_ctr_offset; __u64 bpf_cookie;
     * bool retprobe; const char *func_name;}.
     */
    private static final java.lang.foreign.StructLayout UPROBE_OPTS = java.lang.foreign.MemoryLayout.structLayout(
            java.lang.foreign.ValueLayout.JAVA_LONG.withName("sz"),
            java.lang.foreign.ValueLayout.JAVA_LONG.withName("ref_ctr_offset"),
            java.lang.foreign.ValueLayout.JAVA_LONG.withName("bpf_cookie"),
            java.lang.foreign.ValueLayout.JAVA_BOOLEAN.withName("retprobe"),
            java.lang.foreign.MemoryLayout.paddingLayout(7),
            java.lang.foreign.ValueLayout.ADDRESS.withName("func_name"));

    /**
     * Attaches a uprobe or uretprobe ({@code bpf_program__attach_uprobe_opts}) to {@code symbol}
     * (plus {@code offset}) in {@code binary}, whatever the section says.
     * @param process    the process to probe, or -1 for every process
     * @param binary an absolute path, or a library name libbpf finds (e.g. {@code libc.so.6})
     * @param symbol the function's name, or null to use {@code offset} as a file offset
     * @throws BpfException naming the program, the target and why
     */
    public BpfLink attachUprobe(boolean retprobe, int process, String binary, String symbol, long offset)
            throws BpfException {
        owner.checkOpen();
        String target = (retprobe ? "uretprobe " : "uprobe ") + binary + (symbol == null ? "" : ":" + symbol)
                + (offset != 0 ? "+0x" + Long.toHexString(offset) : "") + (process >= 0 ? " (process " + process + ")" : "");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment opts = a.allocate(UPROBE_OPTS);
            opts.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, UPROBE_OPTS.byteSize());
            opts.set(java.lang.foreign.ValueLayout.JAVA_BOOLEAN, 24, retprobe);
            opts.set(java.lang.foreign.ValueLayout.ADDRESS, 32, symbol == null ? MemorySegment.NULL : a.allocateFrom(symbol));
            LibbpfLog.clear();
            long link = LibBpf.PROGRAM_ATTACH_UPROBE_OPTS.call(Native.ptr(ptr), process,
                    Native.ptr(a.allocateFrom(binary)), offset, Native.ptr(opts));
            return track(link, target);
        }
    }

    /**
     * Attaches to a USDT probe ({@code bpf_program__attach_usdt}).
     * @param process -1 for every process
     * @throws BpfException naming the program, the probe and why
     */
    public BpfLink attachUsdt(int process, String binary, String provider, String probe) throws BpfException {
        owner.checkOpen();
        String target = "usdt " + binary + ":" + provider + ":" + probe + (process >= 0 ? " (process " + process + ")" : "");
        try (Arena a = Arena.ofConfined()) {
            LibbpfLog.clear();
            long link = LibBpf.PROGRAM_ATTACH_USDT.call(Native.ptr(ptr), process, Native.ptr(a.allocateFrom(binary)),
                    Native.ptr(a.allocateFrom(provider)), Native.ptr(a.allocateFrom(probe)), 0L);
            return track(link, target);
        }
    }

    /**
     * Attaches an XDP program to a network interface through a BPF link
     * ({@code bpf_program__attach_xdp}); the kernel runs it natively when the driver can,
     * generically otherwise.
     * @throws BpfException naming the program, the interface and why
     */
    public BpfLink attachXdp(int ifindex, String ifname) throws BpfException {
        owner.checkOpen();
        LibbpfLog.clear();
        return track(LibBpf.PROGRAM_ATTACH_XDP.call(Native.ptr(ptr), ifindex), "xdp on " + ifname);
    }

    /**
     * Attaches to an open perf event ({@code bpf_program__attach_perf_event}); the link owns
     * {@code perfFd} from then on and closes it when destroyed.
     * @throws BpfException naming the program and why (the fd is then still the caller's)
     */
    public BpfLink attachPerfEvent(int perfFd, String what) throws BpfException {
        owner.checkOpen();
        LibbpfLog.clear();
        return track(LibBpf.PROGRAM_ATTACH_PERF_EVENT.call(Native.ptr(ptr), perfFd), what);
    }

    /** A link made by one of the attach calls above, or the failure, with errno and libbpf's log. */
    private BpfLink track(long link, String target) throws BpfException {
        if (link == 0) {
            int errno = Native.errno();
            String log = LibbpfLog.text();
            throw new BpfException("attach program " + this + " to " + target + ": " + LibBpf.strerror(errno)
                    + LoadHints.hint(section, errno, log), errno, log);
        }
        return owner.track(new BpfLink(MemorySegment.ofAddress(link), name, owner::untrack));
    }

    /** The name and section, as error messages show them: {@code on_exit (SEC tp/sched/...)}. */
    @Override
    public String toString() {
        return name + " (SEC " + section + ")";
    }
}
