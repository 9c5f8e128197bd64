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
 */
public record ElfSection(int index, String name, int type, long flags, long offset, long size,
                         int link, int info, long entrySize) {
    public static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8;
    /** Extended section indexes of symbols whose st_shndx is SHN_XINDEX. */
    public static final int SHT_SYMTAB_SHNDX = 18;
}
