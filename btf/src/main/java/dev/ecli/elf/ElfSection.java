package dev.ecli.elf;

/**
 * One section header; {@code index} is its position in the section table.
 *
 * @param name      the name from the section-name string table ({@code ""} when it has none)
 * @param type      sh_type, e.g. {@link #SHT_PROGBITS}
 * @param offset    sh_offset, the contents' file offset (checked against the file unless
 *                  {@link #SHT_NOBITS})
 * @param size      sh_size in bytes
 * @param link      sh_link (for a symbol table: the index of its string table)
 * @param entrySize sh_entsize, the size of one entry for tables, else 0
 * @param address   sh_addr, where the section is in memory when loaded (0 for objects)
 */
public record ElfSection(int index, String name, int type, long flags, long offset, long size,
                         int link, int info, long entrySize, long address) {
    public static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8;
    /** Extended section indexes of symbols whose st_shndx is SHN_XINDEX. */
    public static final int SHT_SYMTAB_SHNDX = 18;
    /** The dynamic linker's symbols, which a stripped executable or library still has. */
    public static final int SHT_DYNSYM = 11;
    /** sh_flags: the section occupies memory when the file is loaded. */
    public static final long SHF_ALLOC = 2;
}
