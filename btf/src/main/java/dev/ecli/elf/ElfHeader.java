package dev.ecli.elf;

import dev.ecli.btf.BtfFormatException;
import dev.ecli.bytes.ByteCursor;
import java.nio.ByteOrder;

/**
 * The fields of the ELF64 file header that locate the section table.
 *
 * @param shOff      e_shoff, the section table's file offset (0: no table)
 * @param shEntSize  e_shentsize
 * @param shNum      e_shnum (0 with a table means the count is in section 0's sh_size)
 * @param shStrNdx   e_shstrndx (0xffff means it is in section 0's sh_link)
 */
record ElfHeader(ByteOrder order, int machine, long shOff, int shEntSize, int shNum, int shStrNdx) {
    static final int SIZE = 64;
    static final int SHN_XINDEX = 0xffff;
    private static final int ELFCLASS64 = 2, ELFDATA2LSB = 1, ELFDATA2MSB = 2;

    /** Reads the identification and header; the byte order comes from EI_DATA. */
    static ElfHeader read(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
            throw new BtfFormatException("not an ELF file: no \\x7fELF magic at offset 0");
        }
        if (bytes.length < SIZE) {
            throw new BtfFormatException("ELF header: file is " + bytes.length
                    + " bytes, shorter than the 64-byte ELF64 header");
        }
        if (bytes[4] != ELFCLASS64) {
            throw new BtfFormatException("ELF header (file offset 4): class " + bytes[4]
                    + " is not ELFCLASS64; only 64-bit objects are read");
        }
        ByteOrder order = switch (bytes[5]) {
            case ELFDATA2LSB -> ByteOrder.LITTLE_ENDIAN;
            case ELFDATA2MSB -> ByteOrder.BIG_ENDIAN;
            default -> throw new BtfFormatException("ELF header (file offset 5): unknown data encoding "
                    + bytes[5]);
        };
        ByteCursor c = ByteCursor.of(bytes, order, "ELF header");
        return new ElfHeader(order, c.getU16(18), c.getLong(40), c.getU16(58), c.getU16(60), c.getU16(62));
    }
}
