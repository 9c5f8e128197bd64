package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind, decoded from hand-built blobs in both byte orders. */
class BtfKindsTest {
    static List<ByteOrder> orders() {
        return List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
    }

    @ParameterizedTest
    @MethodSource("orders")
    void decodesEveryKind(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i32 = b.addInt("int", 4, true);
        int u8 = b.addInt("unsigned char", 1, false);
        int bool = b.addInt("_Bool", 1, BtfType.Int.BOOL, 0, 8);
        int chr = b.addInt("char", 1, BtfType.Int.CHAR, 0, 8);
        int ptr = b.ptr(i32);
        int arr = b.array(u8, i32, 16);
        int st = b.struct("s", 8, false, new BtfBuilder.M("a", i32, 0), new BtfBuilder.M("b", u8, 32));
        int un = b.union("u", 4, false, new BtfBuilder.M("x", i32, 0));
        int en = b.enum32("e", 4, true, "NEG", -1, "POS", 2);
        int en64 = b.enum64("e64", 8, false, "BIG", 0xfedcba9876543210L);
        int fwd = b.fwd("later", true);
        int td = b.typedef("myint", i32);
        int vol = b.volatileOf(i32);
        int cst = b.constOf(vol);
        int rst = b.restrictOf(ptr);
        int proto = b.proto(i32, "x", i32, "", 0);
        int fn = b.func("f", proto, 1);
        int var = b.var("v", i32, 1);
        int sec = b.datasec(".data", 4, var, 0, 4);
        int flt = b.floatType("double", 8);
        int dtag = b.declTag("tag", st, 1);
        int ttag = b.typeTag("user", i32);
        Btf btf = Btf.parse(b.build());

        assertEquals(order, btf.byteOrder());
        assertEquals(b.nextId(), btf.typeCount());
        assertEquals(1, btf.firstTypeId());
        assertNull(btf.base());
        assertInstanceOf(BtfType.Void.class, btf.type(0));
        assertEquals(new BtfType.Int(i32, "int", 4, 1, 0, 32), btf.type(i32));
        assertTrue(((BtfType.Int) btf.type(i32)).isSigned());
        assertTrue(((BtfType.Int) btf.type(bool)).isBool());
        assertTrue(((BtfType.Int) btf.type(chr)).isChar());
        assertEquals(new BtfType.Ptr(ptr, "", i32), btf.type(ptr));
        assertEquals(new BtfType.Array(arr, "", u8, i32, 16), btf.type(arr));
        assertEquals(new BtfType.Struct(st, "s", 8, false, List.of(
                new BtfType.Member("a", i32, 0, 0), new BtfType.Member("b", u8, 32, 0))), btf.type(st));
        assertEquals(new BtfType.Union(un, "u", 4, false, List.of(new BtfType.Member("x", i32, 0, 0))),
                btf.type(un));
        assertEquals(new BtfType.Enum(en, "e", 4, true, List.of(
                new BtfType.EnumValue("NEG", -1), new BtfType.EnumValue("POS", 2))), btf.type(en));
        assertEquals(new BtfType.Enum64(en64, "e64", 8, false, List.of(
                new BtfType.EnumValue("BIG", 0xfedcba9876543210L))), btf.type(en64));
        assertEquals(new BtfType.Fwd(fwd, "later", true), btf.type(fwd));
        assertEquals(new BtfType.Typedef(td, "myint", i32), btf.type(td));
        assertEquals(new BtfType.Volatile(vol, "", i32), btf.type(vol));
        assertEquals(new BtfType.Const(cst, "", vol), btf.type(cst));
        assertEquals(new BtfType.Restrict(rst, "", ptr), btf.type(rst));
        assertEquals(new BtfType.FuncProto(proto, "", i32, List.of(
                new BtfType.Param("x", i32), new BtfType.Param("", 0))), btf.type(proto));
        assertEquals(new BtfType.Func(fn, "f", proto, 1), btf.type(fn));
        assertEquals(new BtfType.Var(var, "v", i32, 1), btf.type(var));
        assertEquals(new BtfType.Datasec(sec, ".data", 4, List.of(new BtfType.VarSecInfo(var, 0, 4))),
                btf.type(sec));
        assertEquals(new BtfType.Float(flt, "double", 8), btf.type(flt));
        assertEquals(new BtfType.DeclTag(dtag, "tag", st, 1), btf.type(dtag));
        assertEquals(new BtfType.TypeTag(ttag, "user", i32), btf.type(ttag));
        assertSame(btf.type(st), btf.type(st), "records are cached");
        assertEquals(BtfKind.ENUM64, btf.kind(en64));
        assertEquals(BtfKind.UNKN, btf.kind(0));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void unsignedEnumZeroExtendsAndSignedSignExtends(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int u = b.enum32("u", 4, false, "MAX", -1);
        int s = b.enum32("s", 4, true, "MIN", Integer.MIN_VALUE);
        int s64 = b.enum64("s64", 8, true, "M1", -1L);
        Btf btf = Btf.parse(b.build());
        assertEquals(0xffffffffL, ((BtfType.Enum) btf.type(u)).values().get(0).value());
        assertEquals(Integer.MIN_VALUE, ((BtfType.Enum) btf.type(s)).values().get(0).value());
        assertTrue(((BtfType.Enum64) btf.type(s64)).signed());
        assertEquals(-1L, ((BtfType.Enum64) btf.type(s64)).values().get(0).value());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void bitfieldsWithKindFlag(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int u32 = b.addInt("unsigned int", 4, false);
        int st = b.struct("flags", 4, true, BtfBuilder.M.bits("a", u32, 0, 1), BtfBuilder.M.bits("b", u32, 1, 3),
                BtfBuilder.M.bits("c", u32, 8, 0));
        Btf btf = Btf.parse(b.build());
        BtfType.Struct s = (BtfType.Struct) btf.type(st);
        assertTrue(s.kindFlag());
        assertEquals(new BtfType.Member("b", u32, 1, 3), s.members().get(1));
        assertEquals(3, btf.bitfieldWidth(s.members().get(1)));
        assertEquals(1, btf.memberBitOffset(s.members().get(1)));
        assertEquals(0, btf.bitfieldWidth(s.members().get(2)), "size 0 with kind_flag is no bitfield");
        assertEquals(8, btf.memberBitOffset(s.members().get(2)));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void bitfieldsWithoutKindFlagLiveInTheInt(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int u32 = b.addInt("unsigned int", 4, false);
        int bits3 = b.addInt("unsigned int", 4, 0, 0, 3);
        int shifted = b.addInt("unsigned int", 4, 0, 2, 5);
        int st = b.struct("old", 4, false, new BtfBuilder.M("whole", u32, 0), new BtfBuilder.M("x", bits3, 4),
                new BtfBuilder.M("y", shifted, 8));
        Btf btf = Btf.parse(b.build());
        List<BtfType.Member> ms = ((BtfType.Struct) btf.type(st)).members();
        assertEquals(0, ms.get(1).bitfieldSize());
        assertEquals(0, btf.bitfieldWidth(ms.get(0)));
        assertEquals(3, btf.bitfieldWidth(ms.get(1)));
        assertEquals(4, btf.memberBitOffset(ms.get(1)));
        assertEquals(5, btf.bitfieldWidth(ms.get(2)));
        assertEquals(10, btf.memberBitOffset(ms.get(2)), "the INT's own bit offset is added");
    }

    @ParameterizedTest
    @MethodSource("orders")
    void longerHeaderIsSkipped(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order).extraHeader(8);
        int i = b.addInt("int", 4, true);
        Btf btf = Btf.parse(b.build());
        assertEquals("int", btf.type(i).name());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void splitBtfContinuesIdsAndStrings(ByteOrder order) {
        BtfBuilder base = new BtfBuilder(order);
        int i32 = base.addInt("int", 4, true);
        int st = base.struct("task", 4, false, new BtfBuilder.M("pid", i32, 0));
        byte[] baseBlob = base.build();
        Btf baseBtf = Btf.parse(baseBlob);
        int baseStrings = baseStringLength(baseBlob, order);

        // Split blobs may be in the other byte order than their base.
        ByteOrder splitOrder = order == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        BtfBuilder split = new BtfBuilder(splitOrder, baseBtf.typeCount(), baseStrings);
        int p = split.ptr(st);
        int mod = split.raw(1, 4, 1, false, 8, split.str("ptr"), p, 0); // name_off 1 is the base's "int"
        Btf btf = Btf.parseSplit(split.build(), baseBtf);

        assertSame(baseBtf, btf.base());
        assertEquals(3, btf.firstTypeId());
        assertEquals(5, btf.typeCount());
        assertEquals(new BtfType.Ptr(p, "", st), btf.type(p));
        assertEquals("int", btf.type(mod).name());
        assertEquals("ptr", ((BtfType.Struct) btf.type(mod)).members().get(0).name());
        assertSame(baseBtf.type(st), btf.type(st));
        assertEquals(st, btf.resolve(p) instanceof BtfType.Ptr pp ? pp.typeId() : -1);
        assertEquals(List.of(btf.type(i32), btf.type(mod)), btf.findAll("int"));
        assertEquals(btf.type(i32), btf.find("int", BtfKind.INT).orElseThrow());
        assertEquals(btf.type(mod), btf.find("int", BtfKind.STRUCT).orElseThrow());
        assertEquals(8, btf.sizeOf(p));
        assertTrue(BtfDumper.dump(btf).startsWith("[3] PTR '(anon)' type_id=2\n[4] STRUCT 'int' size=8 vlen=1\n"));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void findByNameAndKind(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int fwd = b.fwd("event", false);
        int st = b.struct("event", 0, false);
        int td = b.typedef("event", st);
        int anon = b.struct("", 0, false);
        Btf btf = Btf.parse(b.build());
        assertEquals(st, btf.find("event", BtfKind.STRUCT).orElseThrow().id());
        assertEquals(fwd, btf.find("event", BtfKind.FWD).orElseThrow().id());
        assertFalse(btf.find("event", BtfKind.UNION).isPresent());
        assertFalse(btf.find("", BtfKind.STRUCT).isPresent());
        assertEquals(List.of(fwd, st, td), btf.findAll("event").stream().map(BtfType::id).toList());
        assertEquals(List.of(st, anon), btf.findAll(BtfKind.STRUCT).stream().map(BtfType::id).toList());
        assertTrue(btf.findAll("nothing").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("orders")
    void unknownIdIsIllegalArgument(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        b.addInt("int", 4, true);
        Btf btf = Btf.parse(b.build());
        assertThrows(IllegalArgumentException.class, () -> btf.type(2));
        assertThrows(IllegalArgumentException.class, () -> btf.type(-1));
        assertThrows(IllegalArgumentException.class, () -> btf.kind(7));
    }

    @ParameterizedTest
    @MethodSource("orders")
    void parseCopiesItsInput(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i = b.addInt("int", 4, true);
        byte[] blob = b.build();
        Btf btf = Btf.parse(blob);
        java.util.Arrays.fill(blob, (byte) 0);
        assertEquals("int", btf.type(i).name());
    }

    static int baseStringLength(byte[] blob, ByteOrder order) {
        return java.nio.ByteBuffer.wrap(blob).order(order).getInt(20);
    }
}
