package dev.ecli.elf;

import dev.ecli.btf.BtfFormatException;
import dev.ecli.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;

/** Reads the SHT_SYMTAB section into {@link ElfSymbol}s. */
final class ElfSymbolTable {
    private static final int SYM_SIZE = 24;
    private static final int SHN_XINDEX = 0xffff;

    private ElfSymbolTable() {}

    /** The symbols of the first SHT_SYMTAB section, or an empty list. */
    static List<ElfSymbol> read(ByteCursor file, List<ElfSection> sections) {
        return read(file, sections, ElfSection.SHT_SYMTAB);
    }

    /** The symbols of the first section of {@code type} (SHT_SYMTAB or SHT_DYNSYM), or an empty list. */
    static List<ElfSymbol> read(ByteCursor file, List<ElfSection> sections, int type) {
        ElfSection symtab = null;
        ElfSection shndx = null;
        for (ElfSection s : sections) {
            if (s.type() == type && symtab == null) {
                symtab = s;
            } else if (s.type() == ElfSection.SHT_SYMTAB_SHNDX && shndx == null) {
                shndx = s;
            }
        }
        if (symtab == null) {
            return List.of();
        }
        String what = "ELF symbol table '" + symtab.name() + "' [" + symtab.index() + "]";
        ByteCursor syms = file.slice(what, symtab.offset(), symtab.size());
        long entSize = symtab.entrySize() == 0 ? SYM_SIZE : symtab.entrySize();
        if (entSize < SYM_SIZE) {
            throw syms.error(0, "sh_entsize " + entSize + " is smaller than " + SYM_SIZE);
        }
        if (symtab.link() <= 0 || symtab.link() >= sections.size()) {
            throw syms.error(0, "sh_link " + Integer.toUnsignedString(symtab.link())
                    + " names no string table (there are " + sections.size() + " sections)");
        }
        ElfSection strSec = sections.get(symtab.link());
        ByteCursor strings = file.slice("ELF symbol string table '" + strSec.name() + "' [" + strSec.index() + "]",
                strSec.offset(), strSec.size());
        ByteCursor xindex = shndx == null ? null : file.slice("ELF section '" + shndx.name() + "'",
                shndx.offset(), shndx.size());
        int count = (int) (symtab.size() / entSize);
        List<ElfSymbol> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = i * entSize;
            long nameOff = syms.getU32(at);
            int info = syms.getU8(at + 4);
            int other = syms.getU8(at + 5);
            int sec = syms.getU16(at + 6);
            if (sec == SHN_XINDEX && xindex != null) {
                sec = xindex.getInt(4L * i);
            }
            String name = nameOff == 0 ? "" : name(strings, nameOff, i);
            out.add(new ElfSymbol(name, syms.getLong(at + 8), syms.getLong(at + 16), info >>> 4, info & 0xf,
                    sec, other & 0x3));
        }
        return List.copyOf(out);
    }

    private static String name(ByteCursor strings, long offset, int index) {
        if (offset >= strings.length()) {
            throw new BtfFormatException(strings.what() + ": name offset " + offset + " of symbol " + index
                    + " is past the end of the table (" + strings.length() + " bytes)");
        }
        return strings.getCString(offset);
    }
}
