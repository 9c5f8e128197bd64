package dev.ecli.runner.libbpf;

import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One map of a {@link BpfObject}; valid while the object is open. Definition accessors and
 * setters work before load; {@link #lookup}, {@link #update} and {@link #nextKey} need the
 * loaded map. Not thread-safe.
 */
public final class BpfMap {
    /** enum bpf_map_type values with one value slot per possible CPU. */
    private static final int ENOENT = 2, EINVAL = 22;
    private static final long MAX_INITIAL_VALUE = 1L << 30;

    private final MemorySegment ptr;
    private final BpfObject owner;
    private final String name;

    BpfMap(MemorySegment ptr, BpfObject owner) {
        this.ptr = ptr;
        this.owner = owner;
        this.name = Native.string(Native.pointer(LibBpf.MAP_NAME.call(Native.ptr(ptr))), 512);
    }

    /** The map's name; internal maps are named after the object, like {@code myprog.rodata} (the object name cut to 8 characters). */
    public String name() {
        return name;
    }

    /** The {@code enum bpf_map_type} (see {@link MapType}). */
    public int type() {
        return intCall(LibBpf.MAP_TYPE);
    }

    /** The map's file descriptor once loaded, else negative. */
    public int fd() {
        return intCall(LibBpf.MAP_FD);
    }

    /** Key size in bytes. */
    public int keySize() {
        return intCall(LibBpf.MAP_KEY_SIZE);
    }

    /** Value size in bytes (of one CPU's slot, for per-CPU maps). */
    public int valueSize() {
        return intCall(LibBpf.MAP_VALUE_SIZE);
    }

    /** max_entries, unsigned (for ring buffers: the data size in bytes). */
    public long maxEntries() {
        return intCall(LibBpf.MAP_MAX_ENTRIES) & 0xffff_ffffL;
    }

    private int intCall(LibBpf.Fn f) {
        owner.checkOpen();
        return (int) f.call(Native.ptr(ptr));
    }

    /**
     * Sets max_entries (for a ring buffer, a power-of-two multiple of the page size).
     * @throws BpfException when the map is already loaded (EBUSY)
     */
    public void setMaxEntries(long n) throws BpfException {
        setBeforeLoad(LibBpf.MAP_SET_MAX_ENTRIES, "max_entries", n);
    }

    /**
     * Sets value_size before load (a stack-trace map's: the stack depth times 8).
     * @throws BpfException when the map is already loaded (EBUSY)
     */
    public void setValueSize(long n) throws BpfException {
        setBeforeLoad(LibBpf.MAP_SET_VALUE_SIZE, "value_size", n);
    }

    /** Calls a libbpf {@code bpf_map__set_*(map, __u32)} setter with n, checked to fit a u32. */
    private void setBeforeLoad(LibBpf.Fn setter, String what, long n) throws BpfException {
        owner.checkOpen();
        if (n <= 0 || n > 0xffff_ffffL) {
            throw new IllegalArgumentException("map " + name + ": " + what + " " + n + " is out of range");
        }
        int rc = (int) setter.call(Native.ptr(ptr), n);
        if (rc < 0) {
            throw LibBpf.failure("set " + what + " of map " + name, rc);
        }
    }

    /** A copy of an internal map's (.rodata, .bss, .data) initial contents; null when it has none. */
    public byte[] initialValue() {
        owner.checkOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment p = Native.pointer(LibBpf.MAP_INITIAL_VALUE.call(Native.ptr(ptr), Native.ptr(size)));
            if (p.equals(MemorySegment.NULL)) {
                return null;
            }
            long n = size.get(ValueLayout.JAVA_LONG, 0);
            if (n < 0 || n > MAX_INITIAL_VALUE) {
                throw new IllegalStateException("map " + name + ": libbpf reports an initial value of " + n + " bytes");
            }
            return p.reinterpret(n).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /**
     * Replaces an internal map's initial contents, e.g. {@code .rodata} parameters; call before
     * load, with exactly as many bytes as {@link #initialValue()} has.
     * @throws BpfException when the sizes differ or the map is already loaded
     */
    public void setInitialValue(byte[] value) throws BpfException {
        byte[] current = initialValue();
        if (current != null && current.length != value.length) {
            throw new BpfException("set initial value of map " + name + ": " + value.length + " bytes, expected "
                    + current.length, EINVAL, "");
        }
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) LibBpf.MAP_SET_INITIAL_VALUE.call(Native.ptr(ptr),
                    Native.ptr(a.allocateFrom(ValueLayout.JAVA_BYTE, value)), value.length);
            if (rc < 0) {
                throw LibBpf.failure("set initial value of map " + name, rc);
            }
        }
    }

    /**
     * The value for {@code key}, or null when absent. For per-CPU maps, one 8-byte-aligned slot
     * of {@link #valueSize()} bytes per possible CPU, in CPU order.
     * @throws BpfException when the map is not loaded or the kernel refuses the lookup
     */
    public byte[] lookup(byte[] key) throws BpfException {
        checkLength("key", key, keySize());
        return fetch("look up in", LibBpf.MAP_LOOKUP_ELEM, key, valueBufferSize());
    }

    /**
     * Sets {@code key} to {@code value} (BPF_ANY); per-CPU maps take every CPU's slot as
     * {@link #lookup} returns them.
     * @throws BpfException when the map is not loaded or the kernel refuses (e.g. EPERM for a
     *     frozen .rodata)
     */
    public void update(byte[] key, byte[] value) throws BpfException {
        checkLength("key", key, keySize());
        checkLength("value", value, valueBufferSize());
        int fd = loadedFd("update");
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) LibBpf.MAP_UPDATE_ELEM.call(fd, Native.ptr(a.allocateFrom(ValueLayout.JAVA_BYTE, key)),
                    Native.ptr(a.allocateFrom(ValueLayout.JAVA_BYTE, value)), 0L);
            if (rc < 0) {
                throw LibBpf.failure("update map " + name, Native.errno());
            }
        }
    }

    /**
     * Removes {@code key}; false when it was not there. Arrays cannot delete (EINVAL): update
     * them with zeros instead.
     * @throws BpfException when the map is not loaded or the kernel refuses
     */
    public boolean delete(byte[] key) throws BpfException {
        checkLength("key", key, keySize());
        int fd = loadedFd("delete from");
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) LibBpf.MAP_DELETE_ELEM.call(fd, Native.ptr(a.allocateFrom(ValueLayout.JAVA_BYTE, key)));
            if (rc < 0) {
                int errno = Native.errno();
                if (errno == ENOENT) {
                    return false;
                }
                throw LibBpf.failure("delete from map " + name, errno);
            }
            return true;
        }
    }

    /** Whether values hold one slot per possible CPU ({@link #lookup} returns them all). */
    public boolean perCpu() {
        return MapType.perCpu(type());
    }

    /** The number of possible CPUs ({@code libbpf_num_possible_cpus}). */
    public static int possibleCpus() throws BpfException {
        int cpus = (int) LibBpf.NUM_POSSIBLE_CPUS.call();
        if (cpus <= 0) {
            throw LibBpf.failure("count possible CPUs", cpus == 0 ? EINVAL : cpus);
        }
        return cpus;
    }

    /**
     * The key after {@code key} ({@code null}: the first key), or null after the last.
     * @throws BpfException when the map is not loaded or cannot be iterated
     */
    public byte[] nextKey(byte[] key) throws BpfException {
        if (key != null) {
            checkLength("key", key, keySize());
        }
        return fetch("iterate", LibBpf.MAP_GET_NEXT_KEY, key, keySize());
    }

    /**
     * Calls {@code int f(int fd, const void *key, void *out)} (lookup, next key) and returns
     * the {@code size} bytes it wrote, or null for ENOENT.
     */
    private byte[] fetch(String what, LibBpf.Fn f, byte[] key, long size) throws BpfException {
        int fd = loadedFd(what);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(Math.max(size, 1), 8);
            MemorySegment k = key == null ? MemorySegment.NULL : a.allocateFrom(ValueLayout.JAVA_BYTE, key);
            int rc = (int) f.call(fd, Native.ptr(k), Native.ptr(out));
            if (rc < 0) {
                int errno = Native.errno();
                if (errno == ENOENT) {
                    return null;
                }
                throw LibBpf.failure(what + " map " + name, errno);
            }
            return out.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Bytes the kernel reads or writes for one value: per-CPU maps hold a slot per possible CPU. */
    private long valueBufferSize() throws BpfException {
        long size = valueSize() & 0xffff_ffffL;
        return perCpu() ? ((size + 7) & ~7L) * possibleCpus() : size;
    }

    private int loadedFd(String what) throws BpfException {
        int fd = fd();
        if (fd < 0) {
            throw new BpfException(what + " map " + name + ": the map is not loaded", EINVAL, "");
        }
        return fd;
    }

    private void checkLength(String what, byte[] b, long want) {
        if (b.length != want) {
            throw new IllegalArgumentException("map " + name + ": " + what + " of " + b.length
                    + " bytes, expected " + want);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
