package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecli.elf.ElfFile;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class CPrinterTest {
    private final Btf kinds = Btf.fromElf(ElfFile.parse(TestFiles.fixture("kinds-el.bpf.o")));

    private int id(Btf btf, String name, BtfKind kind) {
        return btf.find(name, kind).orElseThrow().id();
    }

    @Test
    void structWithEveryDeclaratorShape() {
        assertEquals("""
                struct kinds {
                    pid_t pid;
                    unsigned char flag_a: 1;
                    unsigned char flag_b: 3;
                    int sbits: 5;
                    union {
                        int i;
                        float f;
                    };
                    struct {
                        long x;
                        long y;
                    } pos;
                    struct inner in;
                    struct kinds *next;
                    const char *name;
                    char *const cp;
                    volatile u32 v;
                    int *restrict rp;
                    int matrix[2][3];
                    void (*cb)(int, const char *);
                    int (*(*fpa)[4])(void);
                    enum color col;
                    double d;
                    int *uptr;
                    int tagged;
                    struct fwd_only *fwd;
                    union fwd_union *fu;
                    long long ll;
                    _Bool ok;
                    u64 stamp;
                };""", CPrinter.declaration(kinds, id(kinds, "kinds", BtfKind.STRUCT), false));
    }

    @Test
    void offsetsCountFromTheOutermostType() {
        String text = CPrinter.declaration(kinds, id(kinds, "kinds", BtfKind.STRUCT), true);
        String[] lines = text.split("\n");
        assertEquals("struct kinds {", lines[0]);
        assertEquals("    pid_t pid;                                  /*      0 4 */", lines[1]);
        assertEquals("    unsigned char flag_b: 3;                    /*    4:1 3 bits */", lines[3]);
        assertEquals("        float f;                                /*      8 4 */", lines[7]);
        assertEquals("        long y;                                 /*     24 8 */", lines[11]);
        assertEquals("    } pos;                                      /*     16 16 */", lines[12]);
        assertEquals("    int matrix[2][3];                           /*     80 24 */", lines[19]);
        assertEquals("    void (*cb)(int, const char *);              /*    104 8 */", lines[20]);
        assertEquals("};", lines[lines.length - 1]);
    }

    @Test
    void otherDefinitions() {
        assertEquals("""
                enum color {
                    RED = 0,
                    GREEN = 5,
                    BLUE = 4294967295,
                };""", CPrinter.declaration(kinds, id(kinds, "color", BtfKind.ENUM), false));
        assertEquals("typedef __kernel_pid_t pid_t;", CPrinter.declaration(kinds, id(kinds, "pid_t", BtfKind.TYPEDEF), true));
        assertEquals("int helper(int x);", CPrinter.declaration(kinds, id(kinds, "helper", BtfKind.FUNC), false));
        assertEquals("static int hidden_var;", CPrinter.declaration(kinds, id(kinds, "hidden_var", BtfKind.VAR), false));
        assertEquals("struct fwd_only;", CPrinter.declaration(kinds, id(kinds, "fwd_only", BtfKind.FWD), false));
        assertEquals("""
                /* section .rodata, 4 bytes */
                const volatile int param;                       /*      0 4 */""",
                CPrinter.declaration(kinds, id(kinds, ".rodata", BtfKind.DATASEC), true));
    }

    @Test
    void typeNamesAndDeclarators() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int chr = b.addInt("char", 1, true);
        int cchr = b.constOf(chr);
        int pcc = b.ptr(cchr);
        int cp = b.constOf(b.ptr(chr));
        int ppc = b.ptr(pcc);
        int arrp = b.array(pcc, chr, 4);
        int parr = b.ptr(b.array(chr, chr, 8));
        int vararg = b.proto(chr, "fmt", pcc, "", 0);
        int fnp = b.ptr(b.proto(b.ptr(chr), "", chr));
        int fnNoArgs = b.ptr(b.proto(0));
        int anon = b.typedef("pair_t", b.struct("", 8, false, new BtfBuilder.M("a", chr, 0), new BtfBuilder.M("b", chr, 32)));
        int anonEnum = b.enum64("", 8, true, "NEG", -2L);
        int big = b.enum64("big", 8, false, "TOP", -1L);
        Btf btf = Btf.parse(b.build());
        assertEquals("const char *", CPrinter.typeName(btf, pcc));
        assertEquals("char *const", CPrinter.typeName(btf, cp));
        assertEquals("const char **", CPrinter.typeName(btf, ppc));
        assertEquals("const char *argv[4]", CPrinter.declarator(btf, arrp, "argv"));
        assertEquals("char (*buf)[8]", CPrinter.declarator(btf, parr, "buf"));
        assertEquals("char (*)[8]", CPrinter.typeName(btf, parr));
        assertEquals("char printf(const char *fmt, ...)", CPrinter.declarator(btf, vararg, "printf"));
        assertEquals("char *(*fn)(char)", CPrinter.declarator(btf, fnp, "fn"));
        assertEquals("void (*)(void)", CPrinter.typeName(btf, fnNoArgs));
        assertEquals("void", CPrinter.typeName(btf, 0));
        assertEquals("""
                typedef struct {
                    char a;                                     /*      0 1 */
                    char b;                                     /*      4 1 */
                } pair_t;""", CPrinter.declaration(btf, anon, true));
        assertEquals("""
                typedef struct {
                    char a;
                    char b;
                } pair_t;""", CPrinter.declaration(btf, anon, false));
        assertEquals("""
                enum {
                    NEG = -2LL,
                } e""", CPrinter.declarator(btf, anonEnum, "e"));
        assertEquals("""
                enum big {
                    TOP = 18446744073709551615ULL,
                };""", CPrinter.declaration(btf, big, false));
    }
}
