package dev.ecli.btf;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed BTF type graph: from a raw blob (e.g. {@code /sys/kernel/btf/vmlinux}), from the
 * {@code .BTF} section of an ELF object, or split BTF on top of a base. Immutable and safe to
 * share between threads once built.
 *
 * <p>STUB: the signatures are the contract between {@code btf/} and {@code runner/}.
 */
public final class Btf {
    /** Parses a raw BTF blob (either byte order). @throws BtfFormatException on malformed input */
    public static Btf parse(byte[] raw) { throw new UnsupportedOperationException("TODO"); }

    /** Parses split BTF whose ids continue after {@code base}'s. @throws BtfFormatException */
    public static Btf parseSplit(byte[] raw, Btf base) { throw new UnsupportedOperationException("TODO"); }

    /**
     * Reads the {@code .BTF} section of an ELF object and applies libbpf's DATASEC fix-up
     * (section sizes from the section headers, variable offsets from symbol values).
     * @throws BtfFormatException when the object is not ELF, has no .BTF, or is malformed
     */
    public static Btf fromElf(dev.ecli.elf.ElfFile elf) { throw new UnsupportedOperationException("TODO"); }

    /** Reads a file that is either an ELF object or raw BTF. @throws BtfFormatException, java.io.UncheckedIOException */
    public static Btf read(Path file) { throw new UnsupportedOperationException("TODO"); }

    /** The base BTF of split BTF, or null. */
    public Btf base() { throw new UnsupportedOperationException("TODO"); }

    /** Number of type ids, including void (id 0) and, for split BTF, the base's. */
    public int typeCount() { throw new UnsupportedOperationException("TODO"); }

    /** The type with this id. @throws IllegalArgumentException when no such id */
    public BtfType type(int id) { throw new UnsupportedOperationException("TODO"); }

    /** The first type with this name and kind. */
    public Optional<BtfType> find(String name, BtfKind kind) { throw new UnsupportedOperationException("TODO"); }

    /** Every type with this name, any kind, in id order. */
    public List<BtfType> findAll(String name) { throw new UnsupportedOperationException("TODO"); }

    /** Follows modifiers (const, volatile, restrict, type_tag) and typedefs to the underlying type. */
    public BtfType resolve(int typeId) { throw new UnsupportedOperationException("TODO"); }

    /** Follows modifiers only, keeping typedefs. */
    public BtfType skipModifiers(int typeId) { throw new UnsupportedOperationException("TODO"); }

    /** Typedef names met while resolving {@code typeId}, outermost first (e.g. [pid_t, __kernel_pid_t]). */
    public List<String> typedefChain(int typeId) { throw new UnsupportedOperationException("TODO"); }

    /** Size in bytes, as the C compiler would lay it out. @throws BtfFormatException for void/func/fwd */
    public long sizeOf(int typeId) { throw new UnsupportedOperationException("TODO"); }

    /** Alignment in bytes. */
    public int alignOf(int typeId) { throw new UnsupportedOperationException("TODO"); }
}
