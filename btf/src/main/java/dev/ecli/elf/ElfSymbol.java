package dev.ecli.elf;

/** One symbol table entry; {@code bind} and {@code type} are split out of st_info. */
public record ElfSymbol(String name, long value, long size, int bind, int type, int sectionIndex) {
    public static final int STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3;
    public static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
}
