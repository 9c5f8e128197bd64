package dev.ecli.btf;

import java.nio.ByteOrder;

/** Hand-built blobs shared by tests: one of every kind and flag bpftool prints differently. */
final class Samples {
    private Samples() {}

    static BtfBuilder everyKind(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int i32 = b.addInt("int", 4, true);
        int u8 = b.addInt("unsigned char", 1, false);
        b.addInt("_Bool", 1, BtfType.Int.BOOL, 0, 8);
        b.addInt("char", 1, BtfType.Int.CHAR, 0, 8);
        b.addInt("odd", 4, 7, 3, 5); // unknown encoding prints UNKN
        int bits = b.addInt("unsigned int", 4, 0, 0, 3);
        int ptr = b.ptr(i32);
        b.ptr(0);
        int arr = b.array(u8, i32, 16);
        int st = b.struct("s", 24, false, new BtfBuilder.M("a", i32, 0), new BtfBuilder.M("b", u8, 32),
                new BtfBuilder.M("c", bits, 40), new BtfBuilder.M("", arr, 64));
        b.struct("k", 4, true, BtfBuilder.M.bits("x", i32, 0, 3), BtfBuilder.M.bits("y", i32, 3, 29),
                BtfBuilder.M.bits("z", i32, 32, 0));
        b.union("u", 4, false, new BtfBuilder.M("x", i32, 0), new BtfBuilder.M("y", st, 0));
        b.enum32("e", 4, true, "NEG", -1, "POS", 2);
        b.enum32("ue", 4, false, "BIG", 0xfffffff0);
        b.enum32("", 1, false);
        b.enum64("e64", 8, false, "BIG", 0xfedcba9876543210L, "ONE", 1L);
        b.enum64("s64", 8, true, "MIN", Long.MIN_VALUE, "M1", -1L);
        b.fwd("fs", false);
        b.fwd("fu", true);
        int td = b.typedef("myint", i32);
        int vol = b.volatileOf(td);
        int cst = b.constOf(vol);
        b.restrictOf(ptr);
        int proto = b.proto(cst, "x", i32, "", 0);
        b.proto(0);
        int fn = b.func("f", proto, 1);
        b.func("sf", proto, 0);
        b.func("ef", proto, 2);
        b.func("weird", proto, 7);
        int v1 = b.var("v", i32, 1);
        int v2 = b.var("sv", i32, 0);
        int v3 = b.var("ev", i32, 2);
        b.var("uv", i32, 9);
        b.datasec(".data", 12, v1, 0, 4, v2, 4, 4, v3, 8, 4);
        b.datasec(".odd", 0, fn, 0, 0, 0, 0, 0); // non-VAR entries still print their kind
        b.floatType("double", 8);
        b.declTag("tag", st, -1);
        b.declTag("mtag", st, 2);
        b.typeTag("user", i32);
        b.struct("", 0, false);
        return b;
    }

    /** Split BTF on {@link #everyKind}: refers to base types and base strings. */
    static BtfBuilder split(ByteOrder order, int firstId, int baseStrings) {
        BtfBuilder b = new BtfBuilder(order, firstId, baseStrings);
        int p = b.ptr(1);
        int own = b.struct("module_thing", 8, false, new BtfBuilder.M("p", p, 0));
        b.raw(1, 8, 0, false, own); // TYPEDEF named by the base's first string, "int"
        int var = b.var("modvar", own, 1);
        b.datasec(".data..mod", 8, var, 0, 8, 1, 0, 4);
        return b;
    }
}
