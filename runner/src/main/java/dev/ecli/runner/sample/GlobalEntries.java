package dev.ecli.runner.sample;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.objinfo.MapType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A global variable's cells ({@link GlobalCells}) as the entries of an array map, read from the
 * internal map of its section ({@code <obj>.bss}: one value, key 0, the whole section). A walk
 * over the keys reads the section once; a cleared cell is written back into the section (the
 * program's increments between the read and the write are lost, as with a C frontend's memset).
 * Not thread-safe.
 */
public final class GlobalEntries implements Entries {
    private static final byte[] KEY0 = new byte[4];

    private final String name;
    private final BpfMap section;
    private final GlobalCells cells;
    private byte[] snapshot;

    /**
     * @param name    the variable's name
     * @param section the loaded internal map of the variable's section
     */
    public GlobalEntries(String name, BpfMap section, GlobalCells cells) {
        this.name = name;
        this.section = section;
        this.cells = cells;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int type() {
        return MapType.ARRAY.number();
    }

    @Override
    public boolean perCpu() {
        return false;
    }

    @Override
    public long maxEntries() {
        return cells.count();
    }

    @Override
    public byte[] nextKey(byte[] key) throws BpfException {
        int next = key == null ? 0 : index(key) + 1;
        if (key == null) {
            snapshot = whole();
        }
        return next < cells.count() ? key(next) : null;
    }

    @Override
    public byte[] lookup(byte[] key) throws BpfException {
        int i = index(key);
        if (i < 0 || i >= cells.count()) {
            return null;
        }
        byte[] from = snapshot != null ? snapshot : whole();
        int at = (int) (cells.offset() + i * cells.elementSize());
        return Arrays.copyOfRange(from, at, at + (int) cells.elementSize());
    }

    @Override
    public void update(byte[] key, byte[] value) throws BpfException {
        int i = index(key);
        byte[] now = whole();
        System.arraycopy(value, 0, now, (int) (cells.offset() + i * cells.elementSize()),
                (int) Math.min(value.length, cells.elementSize()));
        section.update(KEY0, now);
    }

    @Override
    public boolean delete(byte[] key) throws BpfException {
        update(key, new byte[(int) cells.elementSize()]);
        return true;
    }

    private byte[] whole() throws BpfException {
        byte[] v = section.lookup(KEY0);
        long end = cells.offset() + cells.count() * cells.elementSize();
        if (v == null || v.length < end) {
            throw new BpfException("maps." + name + ": " + cells.section() + " holds " + (v == null ? 0 : v.length)
                    + " bytes, the variable ends at " + end, 0, "");
        }
        return v;
    }

    private static int index(byte[] key) {
        return ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).getInt(0);
    }

    private static byte[] key(int i) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, i).array();
    }
}
