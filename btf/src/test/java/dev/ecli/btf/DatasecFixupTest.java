package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.elf.ElfBuilder;
import dev.ecli.elf.ElfFile;
import dev.ecli.elf.ElfSymbol;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** libbpf's DATASEC fix-up, on clang output and on built objects. */
class DatasecFixupTest {
    static List<ByteOrder> orders() {
        return List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kinds-el.bpf.o", "kinds-eb.bpf.o"})
    void rawKeepsClangZeroes(String name) {
        Btf raw = Btf.fromElf(ElfFile.parse(TestFiles.fixture(name)), false);
        BtfType.Datasec data = (BtfType.Datasec) raw.find(".data", BtfKind.DATASEC).orElseThrow();
        assertEquals(0, data.size());
        assertEquals(List.of(0L, 0L, 8L), data.vars().stream().map(BtfType.VarSecInfo::offset).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kinds-el.bpf.o", "kinds-eb.bpf.o"})
    void fixedUpFromSectionsAndSymbols(String name) {
        ElfFile elf = ElfFile.parse(TestFiles.fixture(name));
        Btf btf = Btf.fromElf(elf);

        BtfType.Datasec data = (BtfType.Datasec) btf.find(".data", BtfKind.DATASEC).orElseThrow();
        assertEquals(elf.section(".data").orElseThrow().size(), data.size());
        assertEquals(List.of("counter:0", "hidden_var:4", "static_var:8"), vars(btf, data));
        BtfType.Var hidden = (BtfType.Var) btf.find("hidden_var", BtfKind.VAR).orElseThrow();
        assertEquals(0, hidden.linkage(), "a hidden global becomes static");
        assertEquals(1, ((BtfType.Var) btf.find("counter", BtfKind.VAR).orElseThrow()).linkage());

        BtfType.Datasec bss = (BtfType.Datasec) btf.find(".bss", BtfKind.DATASEC).orElseThrow();
        assertEquals(13, bss.size(), "a NOBITS section gives its size too");
        assertEquals(List.of("keep_kinds:0", "keep_packed:8"), vars(btf, bss));
        assertEquals(4, ((BtfType.Datasec) btf.find(".rodata", BtfKind.DATASEC).orElseThrow()).size());
    }

    @Test
    void readGivesTheBtfAsStored(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("kinds.bpf.o");
        Files.write(f, TestFiles.fixture("kinds-el.bpf.o"));
        BtfType.Datasec data = (BtfType.Datasec) Btf.read(f).find(".data", BtfKind.DATASEC).orElseThrow();
        assertEquals(0, data.size());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void sortsVariablesByOffset(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i32 = b.addInt("int", 4, true);
        int a = b.var("a", i32, 1);
        int z = b.var("z", i32, 1);
        int s = b.var("s", i32, 0);
        b.datasec(".data", 0, a, 0, 4, z, 0, 4, s, 0, 4);
        ElfBuilder e = new ElfBuilder(order);
        e.section(".BTF", b.build());
        int data = e.section(".data", new byte[12]);
        e.object("a", data, 8, 4).object("z", data, 4, 4);
        Btf btf = Btf.fromElf(ElfFile.parse(e.build()));
        BtfType.Datasec ds = (BtfType.Datasec) btf.find(".data", BtfKind.DATASEC).orElseThrow();
        assertEquals(List.of("s:0", "z:4", "a:8"), vars(btf, ds), "static s keeps offset 0");
        assertEquals(12, ds.size());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void externSectionsAreLeftAlone(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i32 = b.addInt("int", 4, true);
        int v = b.var("CONFIG_X", i32, 2);
        b.datasec(".kconfig", 0, v, 0, 4);
        ElfBuilder e = new ElfBuilder(order);
        e.section(".BTF", b.build());
        Btf btf = Btf.fromElf(ElfFile.parse(e.build()));
        assertEquals(0, ((BtfType.Datasec) btf.find(".kconfig", BtfKind.DATASEC).orElseThrow()).size());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void missingSectionIsAnError(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i32 = b.addInt("int", 4, true);
        int v = b.var("x", i32, 1);
        b.datasec(".data.custom", 0, v, 0, 4);
        ElfBuilder e = new ElfBuilder(order);
        e.section(".BTF", b.build());
        ElfFile elf = ElfFile.parse(e.build());
        BtfFormatException ex = assertThrows(BtfFormatException.class, () -> Btf.fromElf(elf));
        assertTrue(ex.getMessage().contains("DATASEC '.data.custom'"), ex.getMessage());
        assertEquals(0, ((BtfType.Datasec) Btf.fromElf(elf, false).type(3)).size());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void missingSymbolIsAnError(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i32 = b.addInt("int", 4, true);
        int v = b.var("ghost", i32, 1);
        b.datasec(".data", 0, v, 0, 4);
        ElfBuilder e = new ElfBuilder(order);
        e.section(".BTF", b.build());
        int data = e.section(".data", new byte[4]);
        e.symbol("ghost", data, 0, 4, ElfSymbol.STB_LOCAL, ElfSymbol.STT_OBJECT, 0); // local: libbpf ignores it
        BtfFormatException ex = assertThrows(BtfFormatException.class, () -> Btf.fromElf(ElfFile.parse(e.build())));
        assertTrue(ex.getMessage().contains("variable 'ghost' has no global ELF symbol"), ex.getMessage());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void nonVarEntryIsAnError(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i32 = b.addInt("int", 4, true);
        b.datasec(".data", 4, i32, 0, 4);
        ElfBuilder e = new ElfBuilder(order);
        e.section(".BTF", b.build());
        BtfFormatException ex = assertThrows(BtfFormatException.class, () -> Btf.fromElf(ElfFile.parse(e.build())));
        assertTrue(ex.getMessage().contains("not a VAR"), ex.getMessage());
    }

    @Test
    void objectWithoutBtf() {
        ElfFile elf = ElfFile.parse(new ElfBuilder(ByteOrder.LITTLE_ENDIAN).build());
        BtfFormatException ex = assertThrows(BtfFormatException.class, () -> Btf.fromElf(elf));
        assertTrue(ex.getMessage().contains("no .BTF section"), ex.getMessage());
    }

    private static List<String> vars(Btf btf, BtfType.Datasec d) {
        return d.vars().stream().map(v -> btf.type(v.typeId()).name() + ":" + v.offset()).toList();
    }
}
