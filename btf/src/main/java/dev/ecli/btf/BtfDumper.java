package dev.ecli.btf;

import dev.ecli.bytes.ByteCursor;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Prints every type in the text of {@code bpftool btf dump file FILE} (its default "raw"
 * format), byte for byte: one {@code [id] KIND 'name' ...} line per type, then a tab-indented
 * line per member, enumerator, parameter or variable. Split BTF prints only its own types, as
 * bpftool does. Values are printed as stored, so the output shows the BTF as read, with or
 * without the DATASEC fix-up.
 */
public final class BtfDumper {
    private static final int FLUSH_AT = 1 << 16;

    private BtfDumper() {}

    /**
     * Writes the dump of {@code btf} to {@code out}.
     *
     * @throws IOException when {@code out} fails
     */
    public static void dump(Btf btf, Appendable out) throws IOException {
        TypeTable table = btf.table();
        StringBuilder sb = new StringBuilder(FLUSH_AT + 4096);
        for (int id = table.firstId(); id < table.endId(); id++) {
            type(btf, table, id, sb);
            if (sb.length() >= FLUSH_AT) {
                out.append(sb);
                sb.setLength(0);
            }
        }
        out.append(sb);
    }

    /** The dump as one string. */
    public static String dump(Btf btf) {
        StringBuilder sb = new StringBuilder();
        try {
            dump(btf, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // StringBuilder does not throw
        }
        return sb.toString();
    }

    private static void type(Btf btf, TypeTable t, int id, StringBuilder sb) {
        ByteCursor c = t.types();
        BtfStrings s = t.strings();
        int at = t.offset(id);
        int info = c.getInt(at + 4);
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        int vlen = TypeTable.vlen(info);
        boolean kflag = TypeTable.kindFlag(info);
        long sizeOrType = c.getU32(at + 8);
        int d = at + TypeTable.HEADER;
        sb.append('[').append(id).append("] ").append(kindName(kind)).append(" '");
        name(s, c.getU32(at), sb).append('\'');
        switch (kind) {
            case INT -> {
                int v = c.getInt(d);
                sb.append(" size=").append(sizeOrType).append(" bits_offset=").append((v >>> 16) & 0xff)
                        .append(" nr_bits=").append(v & 0xff).append(" encoding=").append(intEncoding((v >>> 24) & 0x0f));
            }
            case PTR, CONST, VOLATILE, RESTRICT, TYPEDEF, TYPE_TAG -> sb.append(" type_id=").append(sizeOrType);
            case ARRAY -> sb.append(" type_id=").append(c.getU32(d)).append(" index_type_id=").append(c.getU32(d + 4))
                    .append(" nr_elems=").append(c.getU32(d + 8));
            case STRUCT, UNION -> {
                sb.append(" size=").append(sizeOrType).append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 12) {
                    long off = c.getU32(d + 8);
                    sb.append("\n\t'");
                    name(s, c.getU32(d), sb).append("' type_id=").append(c.getU32(d + 4))
                            .append(" bits_offset=").append(kflag ? off & 0xffffff : off);
                    if (kflag && off >>> 24 != 0) {
                        sb.append(" bitfield_size=").append(off >>> 24);
                    }
                }
            }
            case ENUM -> {
                sb.append(" encoding=").append(kflag ? "SIGNED" : "UNSIGNED").append(" size=").append(sizeOrType)
                        .append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 8) {
                    sb.append("\n\t'");
                    int v = c.getInt(d + 4);
                    name(s, c.getU32(d), sb).append("' val=").append(kflag ? v : Integer.toUnsignedLong(v));
                }
            }
            case ENUM64 -> {
                sb.append(" encoding=").append(kflag ? "SIGNED" : "UNSIGNED").append(" size=").append(sizeOrType)
                        .append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 12) {
                    long v = (c.getU32(d + 8) << 32) | c.getU32(d + 4);
                    sb.append("\n\t'");
                    name(s, c.getU32(d), sb).append("' val=")
                            .append(kflag ? Long.toString(v) + "LL" : Long.toUnsignedString(v) + "ULL");
                }
            }
            case FWD -> sb.append(" fwd_kind=").append(kflag ? "union" : "struct");
            case FUNC -> sb.append(" type_id=").append(sizeOrType).append(" linkage=").append(funcLinkage(vlen));
            case FUNC_PROTO -> {
                sb.append(" ret_type_id=").append(sizeOrType).append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 8) {
                    sb.append("\n\t'");
                    name(s, c.getU32(d), sb).append("' type_id=").append(c.getU32(d + 4));
                }
            }
            case VAR -> sb.append(" type_id=").append(sizeOrType).append(", linkage=").append(varLinkage(c.getU32(d)));
            case DATASEC -> {
                sb.append(" size=").append(sizeOrType).append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 12) {
                    int varId = c.getInt(d);
                    sb.append("\n\ttype_id=").append(Integer.toUnsignedLong(varId)).append(" offset=")
                            .append(c.getU32(d + 4)).append(" size=").append(c.getU32(d + 8));
                    // Checked at parse: every id is below the type count, as bpftool requires here.
                    TypeTable vt = btf.tableOf(varId);
                    sb.append(" (").append(kindName(btf.kind(varId))).append(" '");
                    name(vt.strings(), varId == 0 ? 0 : vt.nameOff(varId), sb).append("')");
                }
            }
            case FLOAT -> sb.append(" size=").append(sizeOrType);
            case DECL_TAG -> sb.append(" type_id=").append(sizeOrType).append(" component_idx=").append(c.getInt(d));
            case UNKN -> { }
        }
        sb.append('\n');
    }

    private static StringBuilder name(BtfStrings s, long off, StringBuilder sb) {
        return sb.append(off == 0 ? "(anon)" : s.get(off));
    }

    private static String kindName(BtfKind kind) {
        return kind == BtfKind.UNKN ? "UNKNOWN" : kind.name();
    }

    private static String intEncoding(int encoding) {
        return switch (encoding) {
            case 0 -> "(none)";
            case BtfType.Int.SIGNED -> "SIGNED";
            case BtfType.Int.CHAR -> "CHAR";
            case BtfType.Int.BOOL -> "BOOL";
            default -> "UNKN";
        };
    }

    private static String funcLinkage(int linkage) {
        return switch (linkage) {
            case 0 -> "static";
            case 1 -> "global";
            case 2 -> "extern";
            default -> "(unknown)";
        };
    }

    private static String varLinkage(long linkage) {
        return linkage == 0 ? "static" : linkage == 1 ? "global" : linkage == 2 ? "extern" : "(unknown)";
    }
}
