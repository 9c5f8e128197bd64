package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;
import java.util.List;

/** Turns one checked wire record of a {@link TypeTable} into its {@link BtfType}. */
final class BtfDecoder {
    private BtfDecoder() {}

    static BtfType decode(TypeTable t, int id) {
        ByteCursor c = t.types();
        BtfStrings s = t.strings();
        int at = t.offset(id);
        String name = s.get(c.getU32(at));
        int info = c.getInt(at + 4);
        int vlen = TypeTable.vlen(info);
        boolean kflag = TypeTable.kindFlag(info);
        int sizeOrType = c.getInt(at + 8);
        int d = at + TypeTable.HEADER;
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        return switch (kind) {
            case INT -> {
                int v = c.getInt(d);
                yield new BtfType.Int(id, name, sizeOrType, (v >>> 24) & 0x0f, (v >>> 16) & 0xff, v & 0xff);
            }
            case PTR -> new BtfType.Ptr(id, name, sizeOrType);
            case ARRAY -> new BtfType.Array(id, name, c.getInt(d), c.getInt(d + 4), c.getU32(d + 8));
            case STRUCT -> new BtfType.Struct(id, name, sizeOrType, kflag, members(c, s, d, vlen, kflag));
            case UNION -> new BtfType.Union(id, name, sizeOrType, kflag, members(c, s, d, vlen, kflag));
            case ENUM -> new BtfType.Enum(id, name, sizeOrType, kflag, enumValues(c, s, d, vlen, kflag));
            case ENUM64 -> new BtfType.Enum64(id, name, sizeOrType, kflag, enum64Values(c, s, d, vlen));
            case FWD -> new BtfType.Fwd(id, name, kflag);
            case TYPEDEF -> new BtfType.Typedef(id, name, sizeOrType);
            case VOLATILE -> new BtfType.Volatile(id, name, sizeOrType);
            case CONST -> new BtfType.Const(id, name, sizeOrType);
            case RESTRICT -> new BtfType.Restrict(id, name, sizeOrType);
            case FUNC -> new BtfType.Func(id, name, sizeOrType, vlen);
            case FUNC_PROTO -> new BtfType.FuncProto(id, name, sizeOrType, params(c, s, d, vlen));
            case VAR -> new BtfType.Var(id, name, sizeOrType, c.getInt(d));
            case DATASEC -> new BtfType.Datasec(id, name, Integer.toUnsignedLong(sizeOrType), vars(c, d, vlen));
            case FLOAT -> new BtfType.Float(id, name, sizeOrType);
            case DECL_TAG -> new BtfType.DeclTag(id, name, sizeOrType, c.getInt(d));
            case TYPE_TAG -> new BtfType.TypeTag(id, name, sizeOrType);
            case UNKN -> throw new IllegalStateException("kind 0 passed the type walk");
        };
    }

    private static List<BtfType.Member> members(ByteCursor c, BtfStrings s, int d, int vlen, boolean kflag) {
        BtfType.Member[] out = new BtfType.Member[vlen];
        for (int i = 0; i < vlen; i++, d += 12) {
            long off = c.getU32(d + 8);
            long bitOffset = kflag ? off & 0xffffff : off;
            int bitfieldSize = kflag ? (int) (off >>> 24) : 0;
            out[i] = new BtfType.Member(s.get(c.getU32(d)), c.getInt(d + 4), bitOffset, bitfieldSize);
        }
        return List.of(out);
    }

    private static List<BtfType.EnumValue> enumValues(ByteCursor c, BtfStrings s, int d, int vlen, boolean signed) {
        BtfType.EnumValue[] out = new BtfType.EnumValue[vlen];
        for (int i = 0; i < vlen; i++, d += 8) {
            int v = c.getInt(d + 4);
            out[i] = new BtfType.EnumValue(s.get(c.getU32(d)), signed ? v : Integer.toUnsignedLong(v));
        }
        return List.of(out);
    }

    private static List<BtfType.EnumValue> enum64Values(ByteCursor c, BtfStrings s, int d, int vlen) {
        BtfType.EnumValue[] out = new BtfType.EnumValue[vlen];
        for (int i = 0; i < vlen; i++, d += 12) {
            long v = (c.getU32(d + 8) << 32) | c.getU32(d + 4);
            out[i] = new BtfType.EnumValue(s.get(c.getU32(d)), v);
        }
        return List.of(out);
    }

    private static List<BtfType.Param> params(ByteCursor c, BtfStrings s, int d, int vlen) {
        BtfType.Param[] out = new BtfType.Param[vlen];
        for (int i = 0; i < vlen; i++, d += 8) {
            out[i] = new BtfType.Param(s.get(c.getU32(d)), c.getInt(d + 4));
        }
        return List.of(out);
    }

    private static List<BtfType.VarSecInfo> vars(ByteCursor c, int d, int vlen) {
        BtfType.VarSecInfo[] out = new BtfType.VarSecInfo[vlen];
        for (int i = 0; i < vlen; i++, d += 12) {
            out[i] = new BtfType.VarSecInfo(c.getInt(d), c.getU32(d + 4), c.getU32(d + 8));
        }
        return List.of(out);
    }
}
