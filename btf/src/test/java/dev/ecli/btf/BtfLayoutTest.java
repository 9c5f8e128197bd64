package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.elf.ElfFile;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** resolve, typedef chains, sizes and alignment. */
class BtfLayoutTest {
    private final BtfBuilder b = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
    private final int i32 = b.addInt("int", 4, true);
    private final int i64 = b.addInt("long int", 8, true);
    private final int u8 = b.addInt("unsigned char", 1, false);
    private final int kpid = b.typedef("__kernel_pid_t", i32);
    private final int pid = b.typedef("pid_t", kpid);
    private final int cpid = b.constOf(pid);
    private final int vcpid = b.volatileOf(b.typeTag("user", cpid));
    private final int ptr = b.ptr(i32);
    private final int arr = b.array(b.array(i32, i32, 3), i32, 2);
    private final int st = b.struct("s", 16, false, new BtfBuilder.M("c", u8, 0), new BtfBuilder.M("l", i64, 64));
    private final int packedMember = b.struct("p", 5, false, new BtfBuilder.M("c", u8, 0), new BtfBuilder.M("i", i32, 8));
    private final int packedSize = b.struct("q", 6, false, new BtfBuilder.M("i", i32, 0));
    private final int bitfields = b.struct("bf", 4, true, BtfBuilder.M.bits("x", i32, 3, 2));
    private final int en = b.enum32("e", 2, false, "A", 1);
    private final int flt = b.floatType("long double", 16);
    private final int var = b.var("v", arr, 1);
    private final int sec = b.datasec(".data", 24, var, 0, 24);
    private final int proto = b.proto(i32);
    private final int fn = b.func("f", proto, 1);
    private final int fwd = b.fwd("later", false);
    private final int tag = b.declTag("t", st, -1);
    private final Btf btf = Btf.parse(b.build());

    @Test
    void resolveFollowsModifiersAndTypedefs() {
        assertEquals(btf.type(i32), btf.resolve(vcpid));
        assertEquals(btf.type(pid), btf.skipModifiers(vcpid));
        assertEquals(btf.type(i32), btf.resolve(i32));
        assertEquals(btf.type(ptr), btf.resolve(ptr), "pointers are not followed");
    }

    @Test
    void typedefChainOutermostFirst() {
        assertEquals(List.of("pid_t", "__kernel_pid_t"), btf.typedefChain(vcpid));
        assertEquals(List.of(), btf.typedefChain(i32));
    }

    @Test
    void sizes() {
        assertEquals(4, btf.sizeOf(vcpid));
        assertEquals(8, btf.sizeOf(ptr), "pointer size comes from 'long int'");
        assertEquals(24, btf.sizeOf(arr));
        assertEquals(16, btf.sizeOf(st));
        assertEquals(2, btf.sizeOf(en));
        assertEquals(16, btf.sizeOf(flt));
        assertEquals(24, btf.sizeOf(var));
        assertEquals(24, btf.sizeOf(sec));
        assertEquals(16, btf.sizeOf(tag));
        for (int id : new int[] {0, fn, proto, fwd}) {
            BtfFormatException e = assertThrows(BtfFormatException.class, () -> btf.sizeOf(id));
            assertTrue(e.getMessage().contains("has no size"), e.getMessage());
        }
    }

    @Test
    void alignment() {
        assertEquals(4, btf.alignOf(vcpid));
        assertEquals(8, btf.alignOf(ptr));
        assertEquals(4, btf.alignOf(arr));
        assertEquals(8, btf.alignOf(st));
        assertEquals(1, btf.alignOf(packedMember), "a member off its alignment means packed");
        assertEquals(1, btf.alignOf(packedSize), "a size that is no multiple of the alignment means packed");
        assertEquals(4, btf.alignOf(bitfields), "bitfields do not count as misaligned");
        assertEquals(2, btf.alignOf(en));
        assertEquals(8, btf.alignOf(flt), "scalars align to at most a pointer");
        assertThrows(BtfFormatException.class, () -> btf.alignOf(fn));
        assertThrows(BtfFormatException.class, () -> btf.alignOf(0));
    }

    @Test
    void pointerSizeFollowsLong() {
        BtfBuilder small = new BtfBuilder(ByteOrder.BIG_ENDIAN);
        small.addInt("long", 4, true);
        int p = small.ptr(0);
        assertEquals(4, Btf.parse(small.build()).sizeOf(p));
        BtfBuilder none = new BtfBuilder(ByteOrder.BIG_ENDIAN);
        int q = none.ptr(0);
        assertEquals(8, Btf.parse(none.build()).sizeOf(q));
    }

    @Test
    void arraysBeyondFourGibibytesAreRejected() {
        BtfBuilder big = new BtfBuilder(ByteOrder.LITTLE_ENDIAN);
        int i = big.addInt("int", 4, true);
        int a = big.array(big.array(i, i, 0x10000), i, 0x10000);
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> Btf.parse(big.build()).sizeOf(a));
        assertTrue(e.getMessage().contains("exceeds 4 GiB"), e.getMessage());
    }

    @Test
    void clangLayoutMatches() {
        Btf k = Btf.fromElf(ElfFile.parse(TestFiles.fixture("kinds-eb.bpf.o")));
        int kinds = k.find("kinds", BtfKind.STRUCT).orElseThrow().id();
        assertEquals(192, k.sizeOf(kinds));
        assertEquals(8, k.alignOf(kinds));
        int packed = k.find("packed_s", BtfKind.STRUCT).orElseThrow().id();
        assertEquals(5, k.sizeOf(packed));
        assertEquals(1, k.alignOf(packed));
        BtfType.Struct s = (BtfType.Struct) k.type(kinds);
        BtfType.Member flagB = s.members().get(2);
        assertEquals(3, k.bitfieldWidth(flagB));
        assertEquals(33, k.memberBitOffset(flagB));
        assertEquals(List.of("pid_t", "__kernel_pid_t"), k.typedefChain(s.members().get(0).typeId()));
    }
}
