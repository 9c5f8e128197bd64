package dev.ecli.runner.sample;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;

/**
 * What a {@link MapSampler} reads: a BPF map's entries, or the cells of a global variable seen
 * as an array map ({@link GlobalEntries}). Keys and values are the map's bytes.
 */
public interface Entries {
    /** The name shown for it. */
    String name();

    /** Its {@code bpf_map_type} number. */
    int type();

    /** Whether a lookup returns one value per possible CPU. */
    boolean perCpu();

    /** How many entries it can hold. */
    long maxEntries();

    /** The key after {@code key} ({@code null}: the first), or null at the end. */
    byte[] nextKey(byte[] key) throws BpfException;

    /** The value of {@code key}, or null when it has none. */
    byte[] lookup(byte[] key) throws BpfException;

    /** Sets the value of {@code key}. */
    void update(byte[] key, byte[] value) throws BpfException;

    /** Removes {@code key}; whether it was there. */
    boolean delete(byte[] key) throws BpfException;

    /** A BPF map's own entries. */
    static Entries of(BpfMap map) {
        return new Entries() {
            @Override
            public String name() {
                return map.name();
            }

            @Override
            public int type() {
                return map.type();
            }

            @Override
            public boolean perCpu() {
                return map.perCpu();
            }

            @Override
            public long maxEntries() {
                return map.maxEntries();
            }

            @Override
            public byte[] nextKey(byte[] key) throws BpfException {
                return map.nextKey(key);
            }

            @Override
            public byte[] lookup(byte[] key) throws BpfException {
                return map.lookup(key);
            }

            @Override
            public void update(byte[] key, byte[] value) throws BpfException {
                map.update(key, value);
            }

            @Override
            public boolean delete(byte[] key) throws BpfException {
                return map.delete(key);
            }
        };
    }
}
