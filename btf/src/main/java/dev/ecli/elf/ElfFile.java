package dev.ecli.elf;

import dev.ecli.btf.BtfFormatException;
import dev.ecli.bytes.ByteCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A read-only ELF64 object (either byte order): its sections and symbols.
 *
 * <p>Parsing reads the section table and the symbol table eagerly and checks every section's
 * range against the file, so later calls cannot fail. Immutable and safe to share between
 * threads. The bytes given to {@link #parse} are kept, not copied: do not change them.
 */
public final class ElfFile {
    private static final int SHDR_SIZE = 64;

    private final byte[] bytes;
    private final ByteOrder order;
    private final int machine;
    private final List<ElfSection> sections;
    private final List<ElfSymbol> symbols;

    private ElfFile(byte[] bytes, ElfHeader header, List<ElfSection> sections) {
        this.bytes = bytes;
        this.order = header.order();
        this.machine = header.machine();
        this.sections = sections;
        this.symbols = ElfSymbolTable.read(ByteCursor.of(bytes, order, "ELF file"), sections);
    }

    /**
     * Parses an ELF64 object.
     *
     * @throws BtfFormatException when the bytes are not ELF64, or a header, section range or
     *                            symbol is malformed; the message names which and where
     */
    public static ElfFile parse(byte[] bytes) {
        ElfHeader header = ElfHeader.read(bytes);
        return new ElfFile(bytes, header, readSections(ByteCursor.of(bytes, header.order(), "ELF file"), header));
    }

    /**
     * Reads and parses a file (a regular file of at most {@link BoundedFile#MAX_LIMIT} bytes).
     *
     * @throws BtfFormatException   as {@link #parse}, or when the file is not a regular file or is larger
     * @throws UncheckedIOException when the file cannot be read
     */
    public static ElfFile read(Path file) {
        try {
            return parse(BoundedFile.read(file, BoundedFile.MAX_LIMIT));
        } catch (BoundedFile.Refused e) {
            throw new BtfFormatException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code bytes} start with the ELF magic. */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /** The object's byte order, from EI_DATA. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** e_machine (247 = EM_BPF). */
    public int machine() {
        return machine;
    }

    /** All sections in table order, index 0 (the null section) included. Immutable. */
    public List<ElfSection> sections() {
        return sections;
    }

    /** The first section with this name. */
    public Optional<ElfSection> section(String name) {
        for (ElfSection s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The symbol table's entries, index 0 included (empty when there is none). Immutable. */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /** The dynamic symbol table's entries ({@code .dynsym}), index 0 included; empty when there is none. */
    public List<ElfSymbol> dynamicSymbols() {
        return ElfSymbolTable.read(ByteCursor.of(bytes, order, "ELF file"), sections, ElfSection.SHT_DYNSYM);
    }

    /** The section's bytes (a copy); empty for SHT_NOBITS and the null section [0]. */
    public byte[] contents(ElfSection section) {
        if (hasNoContents(section)) {
            return new byte[0];
        }
        return ByteCursor.of(bytes, order, "ELF file")
                .getBytes(section.offset(), section.size());
    }

    /** A cursor over the section's bytes in the object's byte order, without copying. */
    public ByteCursor cursor(ElfSection section) {
        String what = "ELF section '" + section.name() + "' [" + section.index() + "]";
        if (hasNoContents(section)) {
            return ByteCursor.of(new byte[0], order, what);
        }
        return ByteCursor.of(bytes, order, "ELF file").slice(what, section.offset(), section.size());
    }

    /**
     * SHT_NOBITS occupies no file space, and section [0] is the null section whose fields may be
     * reused (sh_size holds the section count when there are 0xff00 or more), so neither has a range
     * in the file: parsing checks every other section's.
     */
    private static boolean hasNoContents(ElfSection section) {
        return section.type() == ElfSection.SHT_NOBITS || section.index() == 0;
    }

    private static List<ElfSection> readSections(ByteCursor file, ElfHeader h) {
        if (h.shOff() == 0) {
            return List.of();
        }
        if (h.shEntSize() < SHDR_SIZE) {
            throw file.error(58, "ELF header: e_shentsize " + h.shEntSize() + " is smaller than "
                    + SHDR_SIZE);
        }
        file.check(h.shOff(), SHDR_SIZE, "ELF section header 0");
        long count = h.shNum();
        if (count == 0) {
            count = file.getLong(h.shOff() + 32); // sh_size of section 0 holds the real count
        }
        long tableLen = count * h.shEntSize();
        if (count > Integer.MAX_VALUE || tableLen / h.shEntSize() != count) {
            throw file.error(h.shOff(), "ELF section table: " + Long.toUnsignedString(count)
                    + " sections cannot fit in the file");
        }
        ByteCursor table = file.slice("ELF section table", h.shOff(), tableLen);
        long strNdx = h.shStrNdx() == ElfHeader.SHN_XINDEX ? table.getU32(40) : h.shStrNdx();
        if (strNdx >= count) {
            throw file.error(62, "ELF header: e_shstrndx " + strNdx + " is not below the section count "
                    + count);
        }
        int n = (int) count;
        long[][] raw = new long[n][];
        for (int i = 0; i < n; i++) {
            raw[i] = readHeader(table, (long) i * h.shEntSize());
        }
        ByteCursor names = null;
        if (strNdx != 0) {
            long[] s = raw[(int) strNdx];
            names = file.slice("ELF section-name string table [" + strNdx + "]", s[4], s[5]);
        }
        List<ElfSection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long[] s = raw[i];
            String name = names == null || s[0] == 0 ? "" : sectionName(names, s[0], i);
            ElfSection section = new ElfSection(i, name, (int) s[1], s[2], s[4], s[5], (int) s[6],
                    (int) s[7], s[9], s[3]);
            if (section.type() != ElfSection.SHT_NOBITS && i != 0) {
                file.check(section.offset(), section.size(),
                        "ELF section '" + name + "' [" + i + "] contents");
            }
            out.add(section);
        }
        return List.copyOf(out);
    }

    /** sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize. */
    private static long[] readHeader(ByteCursor table, long at) {
        return new long[] {
            table.getU32(at), table.getU32(at + 4), table.getLong(at + 8), table.getLong(at + 16),
            table.getLong(at + 24), table.getLong(at + 32), table.getU32(at + 40), table.getU32(at + 44),
            table.getLong(at + 48), table.getLong(at + 56),
        };
    }

    private static String sectionName(ByteCursor names, long offset, int index) {
        if (offset >= names.length()) {
            throw names.error(0, "name offset " + offset + " of section [" + index
                    + "] is past the end of the table (" + names.length() + " bytes)");
        }
        return names.getCString(offset);
    }

    @Override
    public String toString() {
        return "ElfFile[" + order + ", machine " + machine + ", " + sections.size() + " sections, "
                + symbols.size() + " symbols]";
    }
}
