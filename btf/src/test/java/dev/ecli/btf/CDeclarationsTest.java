package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.elf.ElfFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CDeclarationsTest {
    private static Btf base() {
        return Btf.fromElf(ElfFile.parse(TestFiles.fixture("kinds-el.bpf.o")));
    }

    @Test
    void laysOutMembersAsCDoes() {
        Map<String, String> structs = new LinkedHashMap<>();
        structs.put("inner_decl", "u16 a; u64 b;");
        structs.put("event", "unsigned char flag; __u32 pid; char comm[16]; struct inner_decl in; long long t[2][3]; void *p;");
        Btf btf = CDeclarations.declare(base(), structs);
        BtfType.Struct e = (BtfType.Struct) btf.find("event", BtfKind.STRUCT).orElseThrow();
        List<Long> offsets = e.members().stream().map(m -> btf.memberBitOffset(m) / 8).toList();
        assertEquals(List.of(0L, 4L, 8L, 24L, 40L, 88L), offsets);
        assertEquals(96, e.size());
        assertEquals(16, btf.sizeOf(((BtfType.Struct) btf.find("inner_decl", BtfKind.STRUCT).orElseThrow()).id()));
        assertTrue(btf.resolve(e.members().get(0).typeId()) instanceof BtfType.Int i && !i.isSigned());
        assertEquals(96, btf.sizeOf(e.id()));
    }

    @Test
    void mistakesNameTheStructAndTheDeclaration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CDeclarations.declare(base(), Map.of("ev", "u32 pid; wibble x;")));
        assertEquals("struct ev: 'wibble x': unknown type 'wibble' (not a C integer type, a fixed-width alias,"
                + " a typedef of the object's BTF or a struct declared before)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CDeclarations.declare(base(), Map.of("ev", "u32 pid[;")));
        assertThrows(IllegalArgumentException.class, () -> CDeclarations.declare(base(), Map.of("ev", " ; ")));
    }

    @Test
    void hostileDeclarationsOnlyEverFailWithAMessage() {
        String[] tokens = {"u32", "char", "struct", "event", "x", "[", "]", "99999999999999", "4294967296", "*", ";",
            "unsigned", "long", "const", "void", "16", " ", "__u8", "y[1000000][1000000]", "enum", "int"};
        java.util.Random r = new java.util.Random(25);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(12); k >= 0; k--) {
                sb.append(tokens[r.nextInt(tokens.length)]).append(r.nextBoolean() ? " " : "");
            }
            try {
                Btf btf = CDeclarations.declare(base(), Map.of("fuzzed", sb.toString()));
                btf.find("fuzzed", BtfKind.STRUCT).orElseThrow();
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), sb.toString());
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> CDeclarations.declare(base(), Map.of("big", "char a[4096][4096][4096];")));
    }
}
