package dev.ecli.runner.libbpf;

import dev.ecli.runner.sys.Native;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** One map of a {@link BpfObject}; valid while the object is open. */
public final class BpfMap {
    private static final int ENOENT = 2;
    private final MemorySegment ptr;
    private final String name;

    BpfMap(MemorySegment ptr) {
        this.ptr = ptr;
        try {
            this.name = Native.string((MemorySegment) LibBpf.MAP_NAME.invokeExact(ptr), 512);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    public String name() {
        return name;
    }

    /** The {@code enum bpf_map_type}. */
    public int type() {
        return intCall(LibBpf.MAP_TYPE);
    }

    /** The map's file descriptor once loaded, else negative. */
    public int fd() {
        return intCall(LibBpf.MAP_FD);
    }

    public int keySize() {
        return intCall(LibBpf.MAP_KEY_SIZE);
    }

    public int valueSize() {
        return intCall(LibBpf.MAP_VALUE_SIZE);
    }

    /** max_entries, unsigned (for ring buffers: the data size in bytes). */
    public long maxEntries() {
        return intCall(LibBpf.MAP_MAX_ENTRIES) & 0xffff_ffffL;
    }

    private int intCall(java.lang.invoke.MethodHandle h) {
        try {
            return (int) h.invokeExact(ptr);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** Sets max_entries; call before load. */
    public void setMaxEntries(long n) throws BpfException {
        try {
            int rc = (int) LibBpf.MAP_SET_MAX_ENTRIES.invokeExact(ptr, (int) n);
            if (rc < 0) {
                throw LibBpf.failure("set max_entries of map " + name, rc);
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** A copy of an internal map's (.rodata, .bss, .data) initial contents; null when it has none. */
    public byte[] initialValue() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment p = (MemorySegment) LibBpf.MAP_INITIAL_VALUE.invokeExact(ptr, size);
            if (p.equals(MemorySegment.NULL)) {
                return null;
            }
            long n = size.get(ValueLayout.JAVA_LONG, 0);
            if (n < 0 || n > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("map " + name + ": initial value of " + n + " bytes");
            }
            return p.reinterpret(n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** Replaces an internal map's initial contents (same size); call before load. */
    public void setInitialValue(byte[] value) throws BpfException {
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) LibBpf.MAP_SET_INITIAL_VALUE.invokeExact(ptr, a.allocateFrom(ValueLayout.JAVA_BYTE, value),
                    (long) value.length);
            if (rc < 0) {
                throw LibBpf.failure("set initial value of map " + name, rc);
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** The value for {@code key}, or null when absent. */
    public byte[] lookup(byte[] key) throws BpfException {
        checkLength("key", key, keySize());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(valueSize(), 1));
            int rc = (int) LibBpf.MAP_LOOKUP_ELEM.invokeExact(Native.callState(), fd(),
                    a.allocateFrom(ValueLayout.JAVA_BYTE, key), v);
            if (rc < 0) {
                int errno = Native.errno();
                if (errno == ENOENT) {
                    return null;
                }
                throw LibBpf.failure("lookup in map " + name, errno);
            }
            return v.asSlice(0, valueSize()).toArray(ValueLayout.JAVA_BYTE);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** Sets {@code key} to {@code value} (BPF_ANY). */
    public void update(byte[] key, byte[] value) throws BpfException {
        checkLength("key", key, keySize());
        checkLength("value", value, valueSize());
        try (Arena a = Arena.ofConfined()) {
            int rc = (int) LibBpf.MAP_UPDATE_ELEM.invokeExact(Native.callState(), fd(),
                    a.allocateFrom(ValueLayout.JAVA_BYTE, key), a.allocateFrom(ValueLayout.JAVA_BYTE, value), 0L);
            if (rc < 0) {
                throw LibBpf.failure("update map " + name, Native.errno());
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    /** The key after {@code key} (null: the first key), or null at the end. */
    public byte[] nextKey(byte[] key) throws BpfException {
        if (key != null) {
            checkLength("key", key, keySize());
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment next = a.allocate(Math.max(keySize(), 1));
            MemorySegment k = key == null ? MemorySegment.NULL : a.allocateFrom(ValueLayout.JAVA_BYTE, key);
            int rc = (int) LibBpf.MAP_GET_NEXT_KEY.invokeExact(Native.callState(), fd(), k, next);
            if (rc < 0) {
                int errno = Native.errno();
                if (errno == ENOENT) {
                    return null;
                }
                throw LibBpf.failure("iterate map " + name, errno);
            }
            return next.asSlice(0, keySize()).toArray(ValueLayout.JAVA_BYTE);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw LibBpf.sneaky(t);
        }
    }

    private void checkLength(String what, byte[] b, int want) {
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
