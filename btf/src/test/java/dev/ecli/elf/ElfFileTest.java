package dev.ecli.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.btf.BtfFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ElfFileTest {
    static List<ByteOrder> orders() {
        return List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    static byte[] fixture(String name) {
        try (InputStream in = Objects.requireNonNull(ElfFileTest.class.getResourceAsStream("/dev/ecli/btf/" + name))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({"kinds-el.bpf.o, LITTLE_ENDIAN", "kinds-eb.bpf.o, BIG_ENDIAN"})
    void readsClangObjectsOfEitherByteOrder(String name, String order) {
        ElfFile elf = ElfFile.parse(fixture(name));
        assertEquals(order, elf.byteOrder().toString());
        assertEquals(247, elf.machine());
        ElfSection btf = elf.section(".BTF").orElseThrow();
        assertTrue(elf.section(".BTF.ext").isPresent());
        byte[] magic = elf.contents(btf);
        int m = ByteBuffer.wrap(magic).order(elf.byteOrder()).getShort() & 0xffff;
        assertEquals(0xeb9f, m);
        assertEquals(btf.size(), magic.length);

        ElfSection bss = elf.section(".bss").orElseThrow();
        assertEquals(ElfSection.SHT_NOBITS, bss.type());
        assertEquals(0, elf.contents(bss).length);
        assertEquals(13, bss.size());
        assertEquals(0, elf.sections().get(0).type());

        ElfSymbol hidden = symbol(elf, "hidden_var");
        assertEquals(new ElfSymbol("hidden_var", 4, 4, ElfSymbol.STB_GLOBAL, ElfSymbol.STT_OBJECT,
                elf.section(".data").orElseThrow().index(), ElfSymbol.STV_HIDDEN), hidden);
        assertEquals(ElfSymbol.STB_LOCAL, symbol(elf, "static_var").bind());
        assertEquals(ElfSymbol.STT_FUNC, symbol(elf, "helper").type());
        assertEquals(8, symbol(elf, "keep_packed").value());
    }

    @Test
    void bothByteOrdersGiveTheSameSectionsAndSymbols() {
        ElfFile le = ElfFile.parse(fixture("kinds-el.bpf.o"));
        ElfFile be = ElfFile.parse(fixture("kinds-eb.bpf.o"));
        assertEquals(le.sections().stream().map(ElfSection::name).toList(),
                be.sections().stream().map(ElfSection::name).toList());
        assertEquals(le.symbols(), be.symbols());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void readsBuiltObjects(ByteOrder order) {
        ElfBuilder b = new ElfBuilder(order);
        int data = b.section(".data", new byte[] {1, 2, 3, 4});
        int bss = b.nobits(".bss", 64);
        b.symbol("local", data, 0, 4, ElfSymbol.STB_LOCAL, ElfSymbol.STT_OBJECT, 0);
        b.object("g", bss, 32, 8);
        ElfFile elf = ElfFile.parse(b.build());
        assertEquals(order, elf.byteOrder());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, elf.contents(elf.sections().get(data)));
        assertEquals(64, elf.section(".bss").orElseThrow().size());
        assertEquals(List.of("", "local", "g"), elf.symbols().stream().map(ElfSymbol::name).toList());
        assertEquals(new ElfSymbol("g", 32, 8, ElfSymbol.STB_GLOBAL, ElfSymbol.STT_OBJECT, bss), elf.symbols().get(2));
        assertTrue(elf.section(".nothing").isEmpty());
    }

    @Test
    void readsFiles() {
        assertThrows(UncheckedIOException.class, () -> ElfFile.read(Path.of("/nonexistent/x.bpf.o")));
    }

    @Test
    void rejectsNonElf() {
        BtfFormatException e = assertThrows(BtfFormatException.class,
                () -> ElfFile.parse("#!/bin/sh\necho not an object\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not an ELF file"), e.getMessage());
        assertThrows(BtfFormatException.class, () -> ElfFile.parse(new byte[0]));
    }

    @Test
    void rejects32BitObjects() {
        byte[] b = header32();
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> ElfFile.parse(b));
        assertTrue(e.getMessage().contains("ELFCLASS64"), e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() {
        byte[] b = java.util.Arrays.copyOf(fixture("kinds-el.bpf.o"), 40);
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> ElfFile.parse(b));
        assertTrue(e.getMessage().contains("shorter than the 64-byte ELF64 header"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void rejectsSectionTablePastTheEnd(ByteOrder order) {
        byte[] b = new ElfBuilder(order).build();
        ByteBuffer.wrap(b).order(order).putLong(40, b.length - 10);
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> ElfFile.parse(b));
        assertTrue(e.getMessage().contains("section"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void rejectsSectionContentsPastTheEnd(ByteOrder order) {
        ElfBuilder builder = new ElfBuilder(order);
        builder.section(".BTF", new byte[16]);
        byte[] b = builder.build();
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        long shoff = buf.getLong(40);
        buf.putLong((int) shoff + 64 + 32, 1L << 40); // section 1's sh_size
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> ElfFile.parse(b));
        assertTrue(e.getMessage().contains("ELF section '.BTF' [1] contents"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void rejectsSymbolTableWithoutStrings(ByteOrder order) {
        byte[] b = new ElfBuilder(order).object("x", 0, 0, 0).build();
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        long shoff = buf.getLong(40);
        int symtab = 3; // null, .shstrtab, .strtab, .symtab
        buf.putInt((int) shoff + 64 * symtab + 40, 99);
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> ElfFile.parse(b));
        assertTrue(e.getMessage().contains("sh_link 99"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void rejectsSymbolNamePastItsTable(ByteOrder order) {
        byte[] b = new ElfBuilder(order).object("x", 0, 0, 0).build();
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        long shoff = buf.getLong(40);
        long symOff = buf.getLong((int) shoff + 64 * 3 + 24);
        buf.putInt((int) symOff + 24, 1000);
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> ElfFile.parse(b));
        assertTrue(e.getMessage().contains("name offset 1000 of symbol 1"), e.getMessage());
    }

    private static ElfSymbol symbol(ElfFile elf, String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The identification of a 32-bit little-endian object, zero padded to 64 bytes. */
    private static byte[] header32() {
        byte[] b = new byte[64];
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 1, 1}, 0, b, 0, 6);
        return b;
    }
}
