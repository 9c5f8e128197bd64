package dev.ecli.btf;

import java.util.List;

/** Turns one checked wire record of a {@link TypeTable} into its {@link BtfType}. */
final class BtfDecoder {
    private BtfDecoder() {}

    static BtfType decode(TypeTable t, int id) {
        int[] w = t.words();
        BtfStrings s = t.strings();
        int at = t.offset(id);
        String name = s.get(u32(w[at]));
        int info = w[at + 1];
        int vlen = TypeTable.vlen(info);
        boolean kflag = TypeTable.kindFlag(info);
        int sizeOrType = w[at + 2];
        int d = at + TypeTable.HEADER;
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        return switch (kind) {
            case INT -> {
                int v = w[d];
                yield new BtfType.Int(id, name, sizeOrType, (v >>> 24) & 0x0f, (v >>> 16) & 0xff, v & 0xff);
            }
            case PTR -> new BtfType.Ptr(id, name, sizeOrType);
            case ARRAY -> new BtfType.Array(id, name, w[d], w[d + 1], u32(w[d + 2]));
            case STRUCT -> new BtfType.Struct(id, name, sizeOrType, kflag, members(w, s, d, vlen, kflag));
            case UNION -> new BtfType.Union(id, name, sizeOrType, kflag, members(w, s, d, vlen, kflag));
            case ENUM -> new BtfType.Enum(id, name, sizeOrType, kflag, enumValues(w, s, d, vlen, kflag));
            case ENUM64 -> new BtfType.Enum64(id, name, sizeOrType, kflag, enum64Values(w, s, d, vlen));
            case FWD -> new BtfType.Fwd(id, name, kflag);
            case TYPEDEF -> new BtfType.Typedef(id, name, sizeOrType);
            case VOLATILE -> new BtfType.Volatile(id, name, sizeOrType);
            case CONST -> new BtfType.Const(id, name, sizeOrType);
            case RESTRICT -> new BtfType.Restrict(id, name, sizeOrType);
            case FUNC -> new BtfType.Func(id, name, sizeOrType, vlen);
            case FUNC_PROTO -> new BtfType.FuncProto(id, name, sizeOrType, params(w, s, d, vlen));
            case VAR -> new BtfType.Var(id, name, sizeOrType, w[d]);
            case DATASEC -> new BtfType.Datasec(id, name, u32(sizeOrType), vars(w, d, vlen));
            case FLOAT -> new BtfType.Float(id, name, sizeOrType);
            case DECL_TAG -> new BtfType.DeclTag(id, name, sizeOrType, w[d]);
            case TYPE_TAG -> new BtfType.TypeTag(id, name, sizeOrType);
            case UNKN -> throw new IllegalStateException("kind 0 passed the type walk");
        };
    }

    static long u32(int v) {
        return Integer.toUnsignedLong(v);
    }

    private static List<BtfType.Member> members(int[] w, BtfStrings s, int d, int vlen, boolean kflag) {
        BtfType.Member[] out = new BtfType.Member[vlen];
        for (int i = 0; i < vlen; i++, d += 3) {
            long off = u32(w[d + 2]);
            long bitOffset = kflag ? off & 0xffffff : off;
            int bitfieldSize = kflag ? (int) (off >>> 24) : 0;
            out[i] = new BtfType.Member(s.get(u32(w[d])), w[d + 1], bitOffset, bitfieldSize);
        }
        return List.of(out);
    }

    private static List<BtfType.EnumValue> enumValues(int[] w, BtfStrings s, int d, int vlen, boolean signed) {
        BtfType.EnumValue[] out = new BtfType.EnumValue[vlen];
        for (int i = 0; i < vlen; i++, d += 2) {
            int v = w[d + 1];
            out[i] = new BtfType.EnumValue(s.get(u32(w[d])), signed ? v : u32(v));
        }
        return List.of(out);
    }

    private static List<BtfType.EnumValue> enum64Values(int[] w, BtfStrings s, int d, int vlen) {
        BtfType.EnumValue[] out = new BtfType.EnumValue[vlen];
        for (int i = 0; i < vlen; i++, d += 3) {
            out[i] = new BtfType.EnumValue(s.get(u32(w[d])), (u32(w[d + 2]) << 32) | u32(w[d + 1]));
        }
        return List.of(out);
    }

    private static List<BtfType.Param> params(int[] w, BtfStrings s, int d, int vlen) {
        BtfType.Param[] out = new BtfType.Param[vlen];
        for (int i = 0; i < vlen; i++, d += 2) {
            out[i] = new BtfType.Param(s.get(u32(w[d])), w[d + 1]);
        }
        return List.of(out);
    }

    private static List<BtfType.VarSecInfo> vars(int[] w, int d, int vlen) {
        BtfType.VarSecInfo[] out = new BtfType.VarSecInfo[vlen];
        for (int i = 0; i < vlen; i++, d += 3) {
            out[i] = new BtfType.VarSecInfo(w[d], u32(w[d + 1]), u32(w[d + 2]));
        }
        return List.of(out);
    }
}
