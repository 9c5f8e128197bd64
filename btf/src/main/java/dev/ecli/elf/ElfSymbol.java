package dev.ecli.elf;

/**
 * One symbol table entry; {@code bind} and {@code type} are split out of st_info and
 * {@code visibility} out of st_other.
 *
 * @param value        st_value; for a variable in a relocatable object, its offset in its section
 * @param sectionIndex st_shndx, with SHN_XINDEX already replaced by the extended index
 */
public record ElfSymbol(String name, long value, long size, int bind, int type, int sectionIndex,
                        int visibility) {
    public static final int STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3;
    public static final int STB_LOCAL = 0, STB_GLOBAL = 1, STB_WEAK = 2;
    public static final int STV_DEFAULT = 0, STV_INTERNAL = 1, STV_HIDDEN = 2, STV_PROTECTED = 3;

    /** A symbol of default visibility. */
    public ElfSymbol(String name, long value, long size, int bind, int type, int sectionIndex) {
        this(name, value, size, bind, type, sectionIndex, STV_DEFAULT);
    }
}
