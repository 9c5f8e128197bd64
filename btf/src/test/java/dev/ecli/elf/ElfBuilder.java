package dev.ecli.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small ELF64 relocatable objects for tests, in either byte order: named sections with
 * contents, a symbol table and the string tables. Layout: header, section contents,
 * .shstrtab, .strtab, .symtab, then the section table.
 */
public final class ElfBuilder {
    private record Sec(String name, int type, byte[] data, long size) {}

    private record Sym(String name, int section, long value, long size, int bind, int type, int visibility) {}

    private final ByteOrder order;
    private final List<Sec> sections = new ArrayList<>();
    private final List<Sym> symbols = new ArrayList<>();

    public ElfBuilder(ByteOrder order) {
        this.order = order;
    }

    /** Adds a PROGBITS section; returns its index (the null section is 0). */
    public int section(String name, byte[] data) {
        sections.add(new Sec(name, ElfSection.SHT_PROGBITS, data, data.length));
        return sections.size();
    }

    /** Adds a NOBITS section (.bss) of {@code size}; returns its index. */
    public int nobits(String name, long size) {
        sections.add(new Sec(name, ElfSection.SHT_NOBITS, new byte[0], size));
        return sections.size();
    }

    /** Adds a symbol; locals should come before globals, as in a real object. */
    public ElfBuilder symbol(String name, int section, long value, long size, int bind, int type, int visibility) {
        symbols.add(new Sym(name, section, value, size, bind, type, visibility));
        return this;
    }

    /** A global STT_OBJECT of default visibility. */
    public ElfBuilder object(String name, int section, long value, long size) {
        return symbol(name, section, value, size, ElfSymbol.STB_GLOBAL, ElfSymbol.STT_OBJECT, 0);
    }

    public byte[] build() {
        ByteArrayOutputStream shstr = new ByteArrayOutputStream();
        shstr.write(0);
        ByteArrayOutputStream str = new ByteArrayOutputStream();
        str.write(0);
        int n = sections.size() + 4; // null, user sections, .shstrtab, .strtab, .symtab
        int[] nameOff = new int[n];
        for (int i = 0; i < sections.size(); i++) {
            nameOff[i + 1] = add(shstr, sections.get(i).name());
        }
        int shstrIdx = sections.size() + 1, strIdx = shstrIdx + 1, symIdx = strIdx + 1;
        nameOff[shstrIdx] = add(shstr, ".shstrtab");
        nameOff[strIdx] = add(shstr, ".strtab");
        nameOff[symIdx] = add(shstr, ".symtab");

        ByteBuffer syms = ByteBuffer.allocate(24 * (symbols.size() + 1)).order(order);
        syms.position(24);
        int firstGlobal = 1;
        for (Sym s : symbols) {
            syms.putInt(add(str, s.name())).put((byte) (s.bind() << 4 | s.type())).put((byte) s.visibility())
                    .putShort((short) s.section()).putLong(s.value()).putLong(s.size());
            if (s.bind() == ElfSymbol.STB_LOCAL) {
                firstGlobal++;
            }
        }

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[64]);
        long[] offsets = new long[n];
        long[] sizes = new long[n];
        for (int i = 0; i < sections.size(); i++) {
            align(body);
            offsets[i + 1] = body.size();
            sizes[i + 1] = sections.get(i).size();
            body.writeBytes(sections.get(i).data());
        }
        byte[][] tables = {shstr.toByteArray(), str.toByteArray(), syms.array()};
        for (int k = 0; k < 3; k++) {
            align(body);
            offsets[shstrIdx + k] = body.size();
            sizes[shstrIdx + k] = tables[k].length;
            body.writeBytes(tables[k]);
        }
        align(body);
        long shoff = body.size();

        ByteBuffer shdrs = ByteBuffer.allocate(64 * n).order(order);
        for (int i = 1; i < n; i++) {
            int type = i == shstrIdx || i == strIdx ? ElfSection.SHT_STRTAB
                    : i == symIdx ? ElfSection.SHT_SYMTAB : sections.get(i - 1).type();
            shdrs.position(64 * i);
            shdrs.putInt(nameOff[i]).putInt(type).putLong(0).putLong(0).putLong(offsets[i]).putLong(sizes[i])
                    .putInt(i == symIdx ? strIdx : 0).putInt(i == symIdx ? firstGlobal : 0).putLong(8)
                    .putLong(i == symIdx ? 24 : 0);
        }
        body.writeBytes(shdrs.array());

        byte[] out = body.toByteArray();
        ByteBuffer h = ByteBuffer.wrap(out).order(order);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', 2, (byte) (order == ByteOrder.BIG_ENDIAN ? 2 : 1), 1});
        h.position(16);
        h.putShort((short) 1).putShort((short) 247).putInt(1).putLong(0).putLong(0).putLong(shoff).putInt(0)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64)
                .putShort((short) n).putShort((short) shstrIdx);
        return out;
    }

    private static int add(ByteArrayOutputStream table, String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int off = table.size();
        table.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        table.write(0);
        return off;
    }

    private static void align(ByteArrayOutputStream out) {
        while (out.size() % 8 != 0) {
            out.write(0);
        }
    }
}
