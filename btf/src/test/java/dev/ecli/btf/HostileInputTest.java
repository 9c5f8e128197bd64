package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.elf.ElfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input of every sort ends in one BtfFormatException that says what is wrong:
 * never an IndexOutOfBoundsException, NegativeArraySizeException, OutOfMemoryError,
 * StackOverflowError or a hang.
 */
class HostileInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    static List<ByteOrder> orders() {
        return List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    /** Asserts a BtfFormatException whose message contains {@code part}, within the time limit. */
    private static BtfFormatException fails(String part, Executable e) {
        BtfFormatException ex = assertTimeoutPreemptively(LIMIT, () -> assertThrows(BtfFormatException.class, e));
        assertTrue(ex.getMessage().contains(part), () -> "message lacks '" + part + "': " + ex.getMessage());
        return ex;
    }

    private static byte[] patch(byte[] blob, ByteOrder order, Consumer<ByteBuffer> edit) {
        byte[] copy = blob.clone();
        edit.accept(ByteBuffer.wrap(copy).order(order));
        return copy;
    }

    @ParameterizedTest
    @MethodSource("orders")
    void everyTruncationOfABlob(ByteOrder order) {
        byte[] blob = Samples.everyKind(order).build();
        fails("shorter than the 24-byte BTF header", () -> Btf.parse(new byte[0]));
        for (int len = 0; len < blob.length; len++) {
            byte[] cut = Arrays.copyOf(blob, len);
            BtfFormatException e = assertThrows(BtfFormatException.class, () -> Btf.parse(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("BTF header"), e.getMessage());
        }
    }

    @Test
    void everyTruncationOfAnObject() {
        byte[] obj = TestFiles.fixture("kinds-el.bpf.o");
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int len = 0; len < obj.length; len++) {
                byte[] cut = Arrays.copyOf(obj, len);
                assertThrows(BtfFormatException.class, () -> Btf.fromElf(ElfFile.parse(cut)), "length " + len);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("orders")
    void badHeaders(ByteOrder order) {
        byte[] blob = Samples.everyKind(order).build();
        int typeLen = ByteBuffer.wrap(blob).order(order).getInt(12);
        fails("bad magic", () -> Btf.parse(patch(blob, order, b -> b.put(0, (byte) 0x12))));
        fails("unsupported BTF version 2", () -> Btf.parse(patch(blob, order, b -> b.put(2, (byte) 2))));
        fails("hdr_len 8 is outside", () -> Btf.parse(patch(blob, order, b -> b.putInt(4, 8))));
        fails("hdr_len 4294967295 is outside", () -> Btf.parse(patch(blob, order, b -> b.putInt(4, -1))));
        fails("type_off 2 is not 4-byte aligned", () -> Btf.parse(patch(blob, order, b -> b.putInt(8, 2))));
        fails("type section (type_off 0, type_len 4294967295) runs past",
                () -> Btf.parse(patch(blob, order, b -> b.putInt(12, -1))));
        fails("string section (str_off 4294967295", () -> Btf.parse(patch(blob, order, b -> b.putInt(16, -1))));
        fails("overlaps the string section", () -> Btf.parse(patch(blob, order, b -> b.putInt(16, typeLen - 4))));
        fails("does not end with a NUL", () -> Btf.parse(patch(blob, order, b -> b.put(blob.length - 1, (byte) 'x'))));
        fails("does not start with the empty string", () -> Btf.parse(patch(blob, order, b -> b.put(24 + typeLen, (byte) 'x'))));
        fails("string section of 0 bytes", () -> Btf.parse(patch(blob, order, b -> b.putInt(20, 0))));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void vlenOf65535OnATinyBlob(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        b.raw(b.str("huge"), 4, 0xffff, false, 4);
        fails("type [1] (STRUCT, vlen 65535): needs 786420 bytes", () -> Btf.parse(b.build()));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void partialTypeHeader(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        b.addInt("int", 4, true);
        byte[] blob = b.build();
        // Claim 8 more bytes of types: the strings' start now reads as a cut-off type.
        byte[] bad = patch(blob, order, x -> x.putInt(12, x.getInt(12) + 8).putInt(16, x.getInt(16) + 8)
                .putInt(20, x.getInt(20) - 8));
        assertThrows(BtfFormatException.class, () -> Btf.parse(bad));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void unknownKinds(ByteOrder order) {
        for (int kind : new int[] {0, 20, 31}) {
            BtfBuilder b = new BtfBuilder(order);
            b.raw(0, kind, 0, false, 0);
            fails("type [1]: unknown kind " + kind, () -> Btf.parse(b.build()));
        }
    }

    @ParameterizedTest
    @MethodSource("orders")
    void stringOffsetsOutOfRange(ByteOrder order) {
        BtfBuilder a = new BtfBuilder(order);
        a.raw(9999, 1, 0, false, 4, 32);
        fails("type [1] (INT): name offset 9999 is past the end of the string section", () -> Btf.parse(a.build()));
        BtfBuilder m = new BtfBuilder(order);
        int i = m.addInt("int", 4, true);
        m.raw(0, 4, 2, false, 8, m.str("ok"), i, 0, 77777, i, 32);
        fails("type [2] (STRUCT): member 1 name offset 77777", () -> Btf.parse(m.build()));
        BtfBuilder e = new BtfBuilder(order);
        e.raw(0, 6, 1, false, 4, -5, 0);
        fails("enumerator 0 name offset 4294967291", () -> Btf.parse(e.build()));
        BtfBuilder p = new BtfBuilder(order);
        p.raw(0, 13, 1, false, 0, 1 << 20, 0);
        fails("parameter 0 name offset 1048576", () -> Btf.parse(p.build()));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void typeReferencesOutOfRange(ByteOrder order) {
        BtfBuilder a = new BtfBuilder(order);
        a.ptr(99);
        fails("type [1] (PTR): type id 99 does not exist (last id is 1)", () -> Btf.parse(a.build()));
        BtfBuilder m = new BtfBuilder(order);
        m.struct("s", 4, false, new BtfBuilder.M("x", -1, 0));
        fails("member 0 type id 4294967295 does not exist", () -> Btf.parse(m.build()));
        BtfBuilder r = new BtfBuilder(order);
        int i = r.addInt("int", 4, true);
        r.array(i, 50, 3);
        fails("type [2] (ARRAY): index type id 50", () -> Btf.parse(r.build()));
        BtfBuilder d = new BtfBuilder(order);
        d.datasec(".data", 4, 7, 0, 4);
        fails("variable 0 type id 7", () -> Btf.parse(d.build()));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void errorsInAnObjectGiveFileOffsets(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        b.addInt("int", 4, true);
        b.ptr(99);
        dev.ecli.elf.ElfBuilder e = new dev.ecli.elf.ElfBuilder(order);
        e.section(".BTF", b.build());
        ElfFile elf = ElfFile.parse(e.build());
        long at = elf.section(".BTF").orElseThrow().offset() + 24 + 16; // header, then the INT's 16 bytes
        fails("ELF .BTF type section (file offset " + at + "): type [2] (PTR): type id 99",
                () -> Btf.fromElf(elf));
    }

    @Test
    void typedefCycle() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int a = b.typedef("A", 2);
        int bb = b.typedef("B", 1);
        int ptr = b.ptr(a);
        int st = b.struct("holder", 8, false, new BtfBuilder.M("a", a, 0), new BtfBuilder.M("p", ptr, 64));
        Btf btf = Btf.parse(b.build());
        fails("reference cycle", () -> btf.resolve(a));
        fails("reference cycle", () -> btf.resolve(bb));
        fails("reference cycle", () -> btf.typedefChain(a));
        fails("reference cycle", () -> btf.sizeOf(a));
        fails("reference cycle", () -> btf.alignOf(a));
        fails("reference cycle", () -> btf.alignOf(st));
        fails("reference cycle", () -> btf.bitfieldWidth(((BtfType.Struct) btf.type(st)).members().get(0)));
        assertEquals(btf.type(a), btf.skipModifiers(a), "typedefs stop skipModifiers");
        assertEquals("typedef B A;", CPrinter.declaration(btf, a, true), "printing names no target");
        fails("reference cycle", () -> CPrinter.declaration(btf, st, true));
        assertTrue(BtfDumper.dump(btf).contains("[1] TYPEDEF 'A' type_id=2\n[2] TYPEDEF 'B' type_id=1\n"));
    }

    @Test
    void modifierCycles() {
        BtfBuilder b = new BtfBuilder(ByteOrder.BIG_ENDIAN);
        int self = b.constOf(1);
        int v = b.volatileOf(3);
        int c = b.constOf(2);
        int tag = b.typeTag("t", 4);
        Btf btf = Btf.parse(b.build());
        for (int id : new int[] {self, v, c, tag}) {
            fails("reference cycle", () -> btf.resolve(id));
            fails("reference cycle", () -> btf.skipModifiers(id));
            fails("reference cycle", () -> btf.typedefChain(id));
            fails("reference cycle", () -> btf.sizeOf(id));
            fails("reference cycle", () -> btf.alignOf(id));
            fails("reference cycle", () -> CPrinter.typeName(btf, id));
            fails("reference cycle", () -> CPrinter.declaration(btf, id, true));
        }
    }

    @Test
    void pointerAndArrayCycles() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int ptr = b.ptr(1);
        int i = b.addInt("int", 4, true);
        int arr = b.array(3, i, 2);
        int proto = b.raw(0, 13, 1, false, i, 0, 5); // int (*)(param of type [5])
        int fp = b.ptr(proto);
        Btf btf = Btf.parse(b.build());
        assertEquals(8, btf.sizeOf(ptr), "a pointer's size needs no target");
        fails("reference cycle", () -> CPrinter.typeName(btf, ptr));
        fails("reference cycle", () -> btf.sizeOf(arr));
        fails("reference cycle", () -> btf.alignOf(arr));
        fails("reference cycle", () -> CPrinter.typeName(btf, arr));
        fails("nests more than 64 levels", () -> CPrinter.typeName(btf, fp));
    }

    @Test
    void structsContainingThemselves() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int named = b.struct("self", 8, false, new BtfBuilder.M("me", 1, 0));
        int anon = b.union("", 8, false, new BtfBuilder.M("", 2, 0));
        Btf btf = Btf.parse(b.build());
        fails("STRUCT 'self' contains itself", () -> btf.alignOf(named));
        assertEquals(8, btf.sizeOf(named));
        assertEquals("struct self {\n    struct self me;                             /*      0 8 */\n};",
                CPrinter.declaration(btf, named, true));
        fails("nests more than 64 levels", () -> CPrinter.declaration(btf, anon, true));
        fails("nests more than 64 levels", () -> CPrinter.declaration(btf, anon, false));
        fails("contains itself", () -> btf.alignOf(anon));
    }

    @Test
    void deepNestingIsBounded() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int i = b.addInt("int", 4, true);
        int prev = i;
        for (int k = 0; k < 5000; k++) {
            prev = b.struct("s" + k, 4, false, new BtfBuilder.M("m", prev, 0));
        }
        int top = prev;
        Btf btf = Btf.parse(b.build());
        fails("nest more than 512 levels", () -> btf.alignOf(top));
        assertTrue(CPrinter.declaration(btf, top, true).contains("struct s4998 m;"));
    }

    @Test
    void sharedAnonymousTypesCannotMultiplyOutput() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int i = b.addInt("int", 4, true);
        int prev = b.struct("", 4, false, new BtfBuilder.M("x", i, 0));
        for (int level = 0; level < 8; level++) {
            BtfBuilder.M[] ms = new BtfBuilder.M[100];
            for (int k = 0; k < ms.length; k++) {
                ms[k] = new BtfBuilder.M("m" + k, prev, 0);
            }
            prev = b.union("", 4, false, ms);
        }
        int top = prev;
        Btf btf = Btf.parse(b.build());
        fails("exceeds 16777216 characters", () -> CPrinter.declaration(btf, top, true));
        assertEquals(4, btf.alignOf(top), "alignment is memoised, not re-walked per member");
    }

    @Test
    void manyEqualNamesIndexInLinearTime() {
        BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 200_000; k++) {
            b.fwd("same", false);
        }
        Btf btf = Btf.parse(b.build());
        assertEquals(200_000, assertTimeoutPreemptively(LIMIT, () -> btf.findAll("same").size()));
    }

    @Test
    void notElfNotBtf(@TempDir Path tmp) throws Exception {
        byte[] text = "hello, this is not an object file\n".getBytes(StandardCharsets.UTF_8);
        fails("not an ELF file", () -> ElfFile.parse(text));
        fails("bad magic 0x6865", () -> Btf.parse(text));
        Path f = tmp.resolve("notes.txt");
        Files.write(f, text);
        fails("neither an ELF object nor raw BTF", () -> Btf.read(f));
    }

    @Test
    void randomBytes() {
        java.util.Random rnd = new java.util.Random(0x5eed);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int n = 0; n < 3000; n++) {
                byte[] junk = new byte[rnd.nextInt(2048)];
                rnd.nextBytes(junk);
                if (n % 3 == 1 && junk.length >= 8) {
                    System.arraycopy(new byte[] {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0}, 0, junk, 0, 8);
                } else if (n % 3 == 2 && junk.length >= 6) {
                    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1}, 0, junk, 0, 6);
                }
                Mutations.survive("random bytes #" + n, junk);
            }
        });
    }

    @Test
    void mutatedObjects() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            int parsed = 0;
            for (String name : List.of("kinds-el.bpf.o", "kinds-eb.bpf.o")) {
                parsed += Mutations.run(name, TestFiles.fixture(name), 3000, 0xb7f0L + name.hashCode());
            }
            assertTrue(parsed > 600, "too few mutants parsed to reach the deeper code: " + parsed);
        });
    }

    @Test
    void mutatedBlobs() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            int parsed = 0;
            for (ByteOrder order : orders()) {
                parsed += Mutations.run("blob " + order, Samples.everyKind(order).build(), 2000, 0xb10bL);
            }
            assertTrue(parsed > 400, "too few mutants parsed to reach the deeper code: " + parsed);
        });
    }

    @Test
    void filesThatNeverEndOrDoNotFitAreRefusedBeforeTheyAreRead(@TempDir Path dir) throws Exception {
        fails("/dev/zero: not a regular file", () -> ElfFile.read(Path.of("/dev/zero")));
        fails("/dev/zero: not a regular file", () -> Btf.read(Path.of("/dev/zero")));
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        fails(fifo + ": not a regular file", () -> ElfFile.read(fifo));
        fails(dir + ": a directory", () -> Btf.read(dir));
        Path sparse = dir.resolve("sparse.o");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        fails(sparse + ": 3221225472 bytes, over the limit of 2047 MiB", () -> ElfFile.read(sparse));
        fails(sparse + ": 3221225472 bytes, over the limit of 2047 MiB", () -> Btf.read(sparse));
    }
}
