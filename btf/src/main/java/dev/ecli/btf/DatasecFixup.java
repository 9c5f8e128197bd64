package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;
import dev.ecli.elf.ElfFile;
import dev.ecli.elf.ElfSection;
import dev.ecli.elf.ElfSymbol;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * The fix-up libbpf applies to an object's DATASECs before loading ({@code btf_fixup_datasec}).
 * Clang leaves a DATASEC's size and its variables' offsets 0; the section size comes from the
 * ELF section of the same name, and each global variable's offset from its symbol's value.
 * Globals of hidden or internal visibility become static. Variables are then sorted by offset.
 * {@code .kconfig} and {@code .ksyms} are extern sections libbpf sizes elsewhere; they are left
 * alone. Static and extern variables keep their offsets, as in libbpf.
 */
final class DatasecFixup {
    private static final int VAR_STATIC = 0, VAR_EXTERN = 2;

    private DatasecFixup() {}

    /**
     * Patches {@code raw} (the bytes {@code btf} was parsed from) in place.
     *
     * @return whether anything changed, so that the caller parses the bytes again
     * @throws BtfFormatException when a DATASEC has no sized ELF section, a variable has no
     *                            symbol, or a DATASEC lists a type that is not a VAR
     */
    static boolean apply(Btf btf, byte[] raw, ElfFile elf) {
        TypeTable table = btf.table();
        int[] w = table.words();
        long base = table.types().arrayOffset();
        Map<String, ElfSymbol> globals = globalObjects(elf);
        boolean changed = false;
        for (int id = table.firstId(); id < table.endId(); id++) {
            if (table.kind(id) != BtfKind.DATASEC) {
                continue;
            }
            String name = table.name(id);
            if (name.equals(".kconfig") || name.equals(".ksyms")) {
                continue;
            }
            boolean fixOffsets = false;
            if (table.sizeOrType(id) == 0) {
                long size = elf.section(name).map(ElfSection::size).orElse(0L);
                if (size == 0 || size > 0xffffffffL) {
                    throw new BtfFormatException("DATASEC '" + name + "' [" + id
                            + "]: no ELF section of that name gives its size");
                }
                putInt(raw, base + 4L * (table.offset(id) + 2), (int) size, btf.byteOrder());
                fixOffsets = true;
                changed = true;
            }
            int vlen = TypeTable.vlen(table.info(id));
            int d = table.data(id);
            for (int i = 0; i < vlen; i++, d += 3) {
                int varId = w[d];
                if (btf.kind(varId) != BtfKind.VAR) {
                    throw new BtfFormatException("DATASEC '" + name + "' [" + id + "]: entry " + i
                            + " is type [" + varId + "], not a VAR");
                }
                BtfType.Var var = (BtfType.Var) btf.type(varId);
                if (var.linkage() == VAR_STATIC || var.linkage() == VAR_EXTERN) {
                    continue;
                }
                ElfSymbol sym = globals.get(var.name());
                if (sym == null) {
                    throw new BtfFormatException("DATASEC '" + name + "' [" + id + "]: variable '"
                            + var.name() + "' has no global ELF symbol");
                }
                if (fixOffsets) {
                    if (sym.value() < 0 || sym.value() > 0xffffffffL) {
                        throw new BtfFormatException("ELF symbol '" + sym.name() + "': value "
                                + Long.toUnsignedString(sym.value()) + " does not fit a BTF offset");
                    }
                    putInt(raw, base + 4L * (d + 1), (int) sym.value(), btf.byteOrder());
                }
                boolean hidden = sym.visibility() == ElfSymbol.STV_HIDDEN
                        || sym.visibility() == ElfSymbol.STV_INTERNAL;
                if (hidden && btf.tableOf(varId) == table) {
                    putInt(raw, base + 4L * table.data(varId), VAR_STATIC, btf.byteOrder());
                }
                changed |= fixOffsets || hidden;
            }
            changed |= sortByOffset(raw, base + 4L * table.data(id), vlen, btf.byteOrder());
        }
        return changed;
    }

    /** First STT_OBJECT symbol of global or weak binding per name, as libbpf searches. */
    private static Map<String, ElfSymbol> globalObjects(ElfFile elf) {
        Map<String, ElfSymbol> out = new HashMap<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.type() == ElfSymbol.STT_OBJECT
                    && (s.bind() == ElfSymbol.STB_GLOBAL || s.bind() == ElfSymbol.STB_WEAK)) {
                out.putIfAbsent(s.name(), s);
            }
        }
        return out;
    }

    /** Sorts the 12-byte var_secinfo records at {@code at} by offset; true when the order changed. */
    private static boolean sortByOffset(byte[] raw, long at, int vlen, ByteOrder order) {
        ByteCursor c = ByteCursor.of(raw, order, "DATASEC");
        byte[][] recs = new byte[vlen][];
        for (int i = 0; i < vlen; i++) {
            recs[i] = c.getBytes(at + 12L * i, 12);
        }
        byte[][] sorted = recs.clone();
        Comparator<byte[]> byOffset = Comparator.comparingLong(
                r -> ByteCursor.of(r, order, "var_secinfo").getU32(4));
        Arrays.sort(sorted, byOffset);
        if (Arrays.equals(recs, sorted)) {
            return false;
        }
        for (int i = 0; i < vlen; i++) {
            System.arraycopy(sorted[i], 0, raw, (int) (at + 12L * i), 12);
        }
        return true;
    }

    private static void putInt(byte[] raw, long at, int v, ByteOrder order) {
        int i = (int) at;
        if (order == ByteOrder.BIG_ENDIAN) {
            raw[i] = (byte) (v >>> 24);
            raw[i + 1] = (byte) (v >>> 16);
            raw[i + 2] = (byte) (v >>> 8);
            raw[i + 3] = (byte) v;
        } else {
            raw[i] = (byte) v;
            raw[i + 1] = (byte) (v >>> 8);
            raw[i + 2] = (byte) (v >>> 16);
            raw[i + 3] = (byte) (v >>> 24);
        }
    }
}
