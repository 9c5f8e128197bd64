package dev.ecli.elf;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A read-only ELF64 object (either byte order): sections and symbols.
 * STUB: signatures are the contract.
 */
public final class ElfFile {
    /** Parses bytes. @throws dev.ecli.btf.BtfFormatException when not ELF64 or malformed */
    public static ElfFile parse(byte[] bytes) { throw new UnsupportedOperationException("TODO"); }

    /** Reads and parses a file. @throws dev.ecli.btf.BtfFormatException, java.io.UncheckedIOException */
    public static ElfFile read(Path file) { throw new UnsupportedOperationException("TODO"); }

    public ByteOrder byteOrder() { throw new UnsupportedOperationException("TODO"); }

    /** e_machine (247 = EM_BPF). */
    public int machine() { throw new UnsupportedOperationException("TODO"); }

    public List<ElfSection> sections() { throw new UnsupportedOperationException("TODO"); }

    public Optional<ElfSection> section(String name) { throw new UnsupportedOperationException("TODO"); }

    /** The symbol table's entries (empty when there is none). */
    public List<ElfSymbol> symbols() { throw new UnsupportedOperationException("TODO"); }

    /** The section's bytes (a copy); empty for SHT_NOBITS. */
    public byte[] contents(ElfSection section) { throw new UnsupportedOperationException("TODO"); }
}
