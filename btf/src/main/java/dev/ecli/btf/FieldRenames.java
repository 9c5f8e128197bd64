package dev.ecli.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel BTF in which renamed struct fields answer to their old names, for CO-RE relocations of
 * an object built before the rename. libbpf matches a field by name; when the kernel's
 * {@code struct S} has no field {@code OLD} but has {@code NEW}, the copy made here names that
 * member {@code OLD} (a new string appended to the string section, one member's name offset
 * changed; types, ids and offsets stay as they were). A struct that still has {@code OLD} is
 * left alone, so the same rename list is harmless on older kernels.
 */
public final class FieldRenames {
    /** One rename: in {@code struct}, the field the object calls {@code oldName} is now {@code newName}. */
    public record Rename(String struct, String oldName, String newName) {
        @Override
        public String toString() {
            return struct + "." + oldName + " -> " + newName;
        }
    }

    /**
     * What applying the renames gave.
     * @param btf       the patched blob, or null when no rename applied (use the kernel's own)
     * @param applied   the renames that changed a struct
     * @param unmatched the renames whose struct has neither field (or no struct of that name)
     */
    public record Result(byte[] btf, List<Rename> applied, List<Rename> unmatched) {}

    private FieldRenames() {}

    /**
     * Applies {@code renames} to a copy of {@code raw} (a standalone BTF blob such as
     * /sys/kernel/btf/vmlinux).
     *
     * @throws BtfFormatException when {@code raw} is not valid BTF
     */
    public static Result apply(byte[] raw, List<Rename> renames) {
        Btf btf = Btf.parse(raw);
        TypeTable table = btf.table();
        int[] w = table.words();
        Map<String, Long> added = new LinkedHashMap<>();
        long nextString = btf.header().strLen();
        // word index in the type section -> new name offset
        Map<Integer, Long> patches = new LinkedHashMap<>();
        List<Rename> applied = new ArrayList<>(), unmatched = new ArrayList<>();
        for (Rename r : renames) {
            boolean hit = false, present = false;
            for (BtfType t : btf.findAll(r.struct())) {
                int id = t.id();
                BtfKind kind = table.kind(id);
                if (kind != BtfKind.STRUCT && kind != BtfKind.UNION) {
                    continue;
                }
                int d = table.data(id), newAt = -1;
                for (int i = 0; i < TypeTable.vlen(table.info(id)); i++) {
                    String name = table.strings().get(Integer.toUnsignedLong(w[d + 3 * i]));
                    if (name.equals(r.oldName())) {
                        present = true;
                    } else if (name.equals(r.newName())) {
                        newAt = d + 3 * i;
                    }
                }
                if (!present && newAt >= 0) {
                    Long off = added.get(r.oldName());
                    if (off == null) {
                        off = nextString;
                        added.put(r.oldName(), off);
                        nextString += r.oldName().getBytes(StandardCharsets.UTF_8).length + 1;
                    }
                    patches.put(newAt, off);
                    hit = true;
                }
            }
            if (hit) {
                applied.add(r);
            } else if (!present) {
                unmatched.add(r);
            }
        }
        if (patches.isEmpty()) {
            return new Result(null, applied, unmatched);
        }
        return new Result(rebuild(btf, raw, patches, added), applied, unmatched);
    }

    /** Header, types (with the patched name offsets), then the strings and the added ones. */
    private static byte[] rebuild(Btf btf, byte[] raw, Map<Integer, Long> patches, Map<String, Long> added) {
        BtfHeader h = btf.header();
        ByteOrder order = btf.byteOrder();
        int hdr = (int) h.hdrLen();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        strings.write(raw, (int) (hdr + h.strOff()), (int) h.strLen());
        for (String s : added.keySet()) {
            strings.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
        }
        if (strings.size() > 0x7fffffffL - hdr - h.typeLen()) {
            throw new BtfFormatException("BTF with renamed fields would be larger than 2 GiB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (hdr + h.typeLen() + strings.size())).order(order);
        out.put(raw, 0, hdr);
        out.put(raw, (int) (hdr + h.typeOff()), (int) h.typeLen());
        out.put(strings.toByteArray());
        out.putInt(8, 0);                          // type_off
        out.putInt(16, (int) h.typeLen());         // str_off
        out.putInt(20, strings.size());            // str_len
        for (Map.Entry<Integer, Long> p : patches.entrySet()) {
            out.putInt(hdr + 4 * p.getKey(), (int) (long) p.getValue());
        }
        return out.array();
    }
}
