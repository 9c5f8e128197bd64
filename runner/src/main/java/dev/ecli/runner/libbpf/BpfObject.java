package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An opened BPF object ({@code struct bpf_object}). Open, adjust (autoload, map sizes, initial
 * values), {@link #load()}, then attach its programs. {@link #close()} frees everything the
 * kernel holds for it (programs, maps; links must be destroyed first). Not thread-safe.
 */
public final class BpfObject implements AutoCloseable {
    private final MemorySegment ptr;
    /** Keeps an in-memory object's bytes alive: libbpf reads them until close. */
    private final Arena arena;
    private final List<BpfProgram> programs;
    private final List<BpfMap> maps;
    private boolean closed;

    private BpfObject(MemorySegment ptr, Arena arena) {
        this.ptr = ptr;
        this.arena = arena;
        this.programs = listPrograms();
        this.maps = listMaps();
    }

    /**
     * Opens an object file (nothing is loaded yet).
     * @throws BpfException naming the file when libbpf cannot parse it
     */
    public static BpfObject open(Path file) throws BpfException {
        Arena arena = Arena.ofShared();
        try {
            LibBpf.clearLog();
            MemorySegment p = (MemorySegment) LibBpf.OBJECT_OPEN_FILE.invokeExact(Native.callState(),
                    arena.allocateFrom(file.toString()), MemorySegment.NULL);
            if (p.equals(MemorySegment.NULL)) {
                throw LibBpf.failure("open " + file.getFileName(), Native.errno());
            }
            return new BpfObject(p, arena);
        } catch (BpfException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw LibBpf.sneaky(t);
        }
    }

    /**
     * Opens an object from memory; {@code name} is used in libbpf's messages.
     * @throws BpfException when libbpf cannot parse it
     */
    public static BpfObject open(byte[] elf, String name) throws BpfException {
        Arena arena = Arena.ofShared();
        try {
            LibBpf.clearLog();
            MemorySegment buf = arena.allocate(elf.length, 8);
            MemorySegment.copy(elf, 0, buf, ValueLayout.JAVA_BYTE, 0, elf.length);
            MemorySegment p = (MemorySegment) LibBpf.OBJECT_OPEN_MEM.invokeExact(Native.callState(), buf,
                    (long) elf.length, MemorySegment.NULL);
            if (p.equals(MemorySegment.NULL)) {
                throw LibBpf.failure("open " + name, Native.errno());
            }
            return new BpfObject(p, arena);
        } catch (BpfException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw LibBpf.sneaky(t);
        }
    }

    private List<BpfProgram> listPrograms() {
        List<BpfProgram> out = new ArrayList<>();
        try {
            MemorySegment p = MemorySegment.NULL;
            while (true) {
                p = (MemorySegment) LibBpf.OBJECT_NEXT_PROGRAM.invokeExact(ptr, p);
                if (p.equals(MemorySegment.NULL)) {
                    return List.copyOf(out);
                }
                out.add(new BpfProgram(p));
            }
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    private List<BpfMap> listMaps() {
        List<BpfMap> out = new ArrayList<>();
        try {
            MemorySegment m = MemorySegment.NULL;
            while (true) {
                m = (MemorySegment) LibBpf.OBJECT_NEXT_MAP.invokeExact(ptr, m);
                if (m.equals(MemorySegment.NULL)) {
                    return List.copyOf(out);
                }
                out.add(new BpfMap(m));
            }
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** The object's programs, in ELF order. */
    public List<BpfProgram> programs() {
        return programs;
    }

    /** The object's maps, including internal ones such as {@code .rodata}. */
    public List<BpfMap> maps() {
        return maps;
    }

    /** The map with this name. */
    public Optional<BpfMap> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * Creates the maps and loads the programs into the kernel.
     * @throws BpfException with the verifier's log when the kernel refuses a program
     */
    public void load() throws BpfException {
        try {
            LibBpf.clearLog();
            int rc = (int) LibBpf.OBJECT_LOAD.invokeExact(ptr);
            if (rc < 0) {
                throw LibBpf.failure("load", rc);
            }
        } catch (BpfException e) {
            throw refine(e);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** Names the program libbpf's log blames, so the one-line message says which one failed. */
    private BpfException refine(BpfException e) {
        for (BpfProgram p : programs) {
            if (e.log().contains("prog '" + p.name() + "'")) {
                return new BpfException("load program " + p.name() + " (SEC " + p.section() + "): "
                        + LibBpf.strerror(e.errno()) + LoadHints.hint(p.section(), e.errno(), e.log()),
                        e.errno(), e.log());
            }
        }
        return e;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibBpf.OBJECT_CLOSE.invokeExact(ptr);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        } finally {
            arena.close();
        }
    }
}
