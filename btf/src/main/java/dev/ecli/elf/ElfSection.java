package dev.ecli.elf;

/** One section header; {@code index} is its position in the section table. */
public record ElfSection(int index, String name, int type, long flags, long offset, long size,
                         int link, int info, long entrySize) {
    public static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8;
}
