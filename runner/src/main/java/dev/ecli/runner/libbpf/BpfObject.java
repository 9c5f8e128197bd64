package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An opened BPF object ({@code struct bpf_object}). Open, adjust (autoload, map sizes, initial
 * values), {@link #load()}, then attach its programs. {@link #close()} detaches the links still
 * open and frees what the kernel holds for the object. Not thread-safe.
 */
public final class BpfObject implements AutoCloseable {
    /**
     * The head of struct bpf_object_open_opts (libbpf 1.1), up to btf_custom_path: { size_t sz;
     * const char *object_name; bool relaxed_maps; const char *pin_root_path; __u32 :32;
     * const char *kconfig; const char *btf_custom_path; }. libbpf takes sz as the caller's
     * struct size and reads later fields as zero.
     */
    private static final StructLayout OPEN_OPTS = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("sz"), ValueLayout.ADDRESS.withName("object_name"),
            ValueLayout.JAVA_BOOLEAN.withName("relaxed_maps"), MemoryLayout.paddingLayout(7),
            ValueLayout.ADDRESS.withName("pin_root_path"), ValueLayout.JAVA_INT.withName("unused"),
            MemoryLayout.paddingLayout(4), ValueLayout.ADDRESS.withName("kconfig"),
            ValueLayout.ADDRESS.withName("btf_custom_path"));
    private static final long OBJECT_NAME_AT = OPEN_OPTS.byteOffset(MemoryLayout.PathElement.groupElement("object_name"));
    private static final long BTF_PATH_AT = OPEN_OPTS.byteOffset(MemoryLayout.PathElement.groupElement("btf_custom_path"));

    /** Open options in native memory: the object's name and a kernel BTF file, each optional. */
    private static MemorySegment options(Arena arena, String objectName, Path kernelBtf) {
        MemorySegment opts = arena.allocate(OPEN_OPTS);
        opts.set(ValueLayout.JAVA_LONG, 0, OPEN_OPTS.byteSize());
        if (objectName != null) {
            opts.set(ValueLayout.ADDRESS, OBJECT_NAME_AT, arena.allocateFrom(objectName));
        }
        if (kernelBtf != null) {
            opts.set(ValueLayout.ADDRESS, BTF_PATH_AT, arena.allocateFrom(kernelBtf.toString()));
        }
        return opts;
    }

    private final MemorySegment ptr;
    /** Keeps the path, options and an in-memory object's bytes alive: libbpf reads them until load. */
    private final Arena arena;
    private final String name;
    private final List<BpfProgram> programs;
    private final List<BpfMap> maps;
    private final Set<BpfLink> links = new LinkedHashSet<>();
    /** What libbpf reads until load (a kernel BTF file in memory), released after it. */
    private final List<AutoCloseable> untilLoad = new ArrayList<>();
    private boolean closed;

    private BpfObject(MemorySegment ptr, Arena arena) {
        this.ptr = ptr;
        this.arena = arena;
        this.name = Native.string(Native.pointer(LibBpf.OBJECT_NAME.call(Native.ptr(ptr))), 512);
        this.programs = list(LibBpf.OBJECT_NEXT_PROGRAM, p -> new BpfProgram(p, this));
        this.maps = list(LibBpf.OBJECT_NEXT_MAP, m -> new BpfMap(m, this));
    }

    /**
     * Opens an object file (nothing is loaded yet).
     * @throws BpfException naming the file when libbpf cannot read or parse it
     */
    public static BpfObject open(Path file) throws BpfException {
        return open(file, null);
    }

    /**
     * Opens an object file; {@code kernelBtf}, when not null, replaces /sys/kernel/btf/vmlinux
     * for CO-RE relocations (kernels built without BTF).
     * @throws BpfException naming the file when libbpf cannot read or parse it
     */
    public static BpfObject open(Path file, Path kernelBtf) throws BpfException {
        return open(String.valueOf(file.getFileName()), arena -> Native.pointer(LibBpf.OBJECT_OPEN_FILE.call(
                Native.ptr(arena.allocateFrom(file.toString())), Native.ptr(options(arena, null, kernelBtf)))));
    }

    /**
     * Opens an object from memory (the bytes are copied first).
     * @param objectName the object's name in libbpf's messages and map names (e.g. {@code myprog})
     * @throws BpfException when libbpf cannot parse it
     */
    public static BpfObject open(byte[] elf, String objectName) throws BpfException {
        return open(elf, objectName, null);
    }

    /**
     * Opens an object from memory, with an optional kernel BTF file (see {@link #open(Path, Path)}).
     * @throws BpfException when libbpf cannot parse it
     */
    public static BpfObject open(byte[] elf, String objectName, Path kernelBtf) throws BpfException {
        if (elf.length == 0) {
            throw new BpfException("open " + objectName + ": empty object", 22, "");
        }
        return open(objectName, arena -> {
            MemorySegment buf = arena.allocate(elf.length, 8);
            MemorySegment.copy(elf, 0, buf, ValueLayout.JAVA_BYTE, 0, elf.length);
            return Native.pointer(LibBpf.OBJECT_OPEN_MEM.call(Native.ptr(buf), elf.length,
                    Native.ptr(options(arena, objectName, kernelBtf))));
        });
    }

    /** One of libbpf's open calls, its arguments allocated in the object's arena. */
    private interface OpenCall {
        MemorySegment open(Arena arena) throws Throwable;
    }

    /** Runs {@code call} with a new arena, which the object keeps, or closes on failure. */
    private static BpfObject open(String what, OpenCall call) throws BpfException {
        Arena arena = Arena.ofShared();
        try {
            LibbpfLog.clear();
            MemorySegment p = call.open(arena);
            if (p.equals(MemorySegment.NULL)) {
                throw LibBpf.failure("open " + what, Native.errno());
            }
            return new BpfObject(p, arena);
        } catch (BpfException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw Native.unchecked(t);
        }
    }

    /** Walks one of libbpf's {@code bpf_object__next_*} iterators: {@code T *next(obj, prev)}. */
    private <T> List<T> list(LibBpf.Fn next, Function<MemorySegment, T> wrap) {
        List<T> out = new ArrayList<>();
        long object = Native.ptr(ptr);
        for (long p = next.call(object, 0L); p != 0; p = next.call(object, p)) {
            out.add(wrap.apply(MemorySegment.ofAddress(p)));
        }
        return List.copyOf(out);
    }

    /** The object's name: the file name without {@code .o} (or {@code .bpf.o}), or the one given. */
    public String name() {
        return name;
    }

    /** The object's programs, in ELF order. */
    public List<BpfProgram> programs() {
        return programs;
    }

    /** The object's maps, including internal ones such as {@code myprog.rodata}. */
    public List<BpfMap> maps() {
        return maps;
    }

    /** The map with this name. */
    public Optional<BpfMap> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Creates the maps and loads the autoload programs into the kernel.
     * @throws BpfException one line naming the map or program that failed ("load program
     *     on_exit (SEC ...): Permission denied; the verifier rejected it: ..."), with the
     *     whole libbpf log (the verifier's included) in {@link BpfException#log()}
     */
    public void load() throws BpfException {
        checkOpen();
        int rc;
        try {
            LibbpfLog.clear();
            rc = (int) LibBpf.OBJECT_LOAD.call(Native.ptr(ptr));
        } finally {
            releaseUntilLoad();
        }
        if (rc < 0) {
            throw loadFailure(-rc, LibbpfLog.text());
        }
    }

    /** Keeps {@code resource} open until {@link #load} (or {@link #close}) has run, then closes it. */
    public void keepUntilLoad(AutoCloseable resource) {
        untilLoad.add(resource);
    }

    private void releaseUntilLoad() {
        for (AutoCloseable r : untilLoad) {
            try {
                r.close();
            } catch (Exception e) {
                // best effort: it only held what libbpf has already read
            }
        }
        untilLoad.clear();
    }

    /** Names the map or program libbpf's log blames, so the one-line message says which one failed. */
    private BpfException loadFailure(int errno, String log) {
        String why = LibBpf.strerror(errno);
        for (BpfMap m : maps) {
            if (log.contains("map '" + m.name() + "': failed to create")) {
                String lacking = MissingFeatures.map(m.type());
                return new BpfException("load " + name + ": create map " + m.name() + ": "
                        + (lacking != null ? lacking : why), errno, log);
            }
        }
        for (BpfProgram p : programs) {
            String tag = "prog '" + p.name() + "': ";
            if (log.contains(tag + "failed to load") || log.contains(tag + "-- BEGIN PROG LOAD LOG")) {
                String lacking = MissingFeatures.helper(p.type(), log);
                return new BpfException("load program " + p + ": " + (lacking != null ? lacking
                        : why + LoadHints.hint(p.section(), errno, log)), errno, log);
            }
        }
        return new BpfException("load " + name + ": " + why, errno, log);
    }

    BpfLink track(BpfLink link) {
        links.add(link);
        return link;
    }

    void untrack(BpfLink link) {
        links.remove(link);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("BPF object " + name + " is closed");
        }
    }

    /** Detaches the links still open, then frees the object (programs and maps); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        releaseUntilLoad();
        for (BpfLink l : List.copyOf(links)) {
            l.close();
        }
        closed = true;
        try {
            LibBpf.OBJECT_CLOSE.call(Native.ptr(ptr));
        } finally {
            arena.close();
        }
    }
}
