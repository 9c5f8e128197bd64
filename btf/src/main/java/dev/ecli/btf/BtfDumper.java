package dev.ecli.btf;

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
        int[] w = t.words();
        BtfStrings s = t.strings();
        int at = t.offset(id);
        int info = w[at + 1];
        BtfKind kind = BtfKind.ofNumber((info >>> 24) & 0x1f);
        int vlen = TypeTable.vlen(info);
        boolean kflag = TypeTable.kindFlag(info);
        long sizeOrType = u32(w[at + 2]);
        int d = at + TypeTable.HEADER;
        sb.append('[').append(id).append("] ").append(kindName(kind)).append(" '");
        name(s, u32(w[at]), sb).append('\'');
        switch (kind) {
            case INT -> {
                int v = w[d];
                sb.append(" size=").append(sizeOrType).append(" bits_offset=").append((v >>> 16) & 0xff)
                        .append(" nr_bits=").append(v & 0xff).append(" encoding=").append(intEncoding((v >>> 24) & 0x0f));
            }
            case PTR, CONST, VOLATILE, RESTRICT, TYPEDEF, TYPE_TAG -> sb.append(" type_id=").append(sizeOrType);
            case ARRAY -> sb.append(" type_id=").append(u32(w[d])).append(" index_type_id=").append(u32(w[d + 1]))
                    .append(" nr_elems=").append(u32(w[d + 2]));
            case STRUCT, UNION -> {
                sb.append(" size=").append(sizeOrType).append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 3) {
                    long off = u32(w[d + 2]);
                    sb.append("\n\t'");
                    name(s, u32(w[d]), sb).append("' type_id=").append(u32(w[d + 1]))
                            .append(" bits_offset=").append(kflag ? off & 0xffffff : off);
                    if (kflag && off >>> 24 != 0) {
                        sb.append(" bitfield_size=").append(off >>> 24);
                    }
                }
            }
            case ENUM -> {
                sb.append(" encoding=").append(kflag ? "SIGNED" : "UNSIGNED").append(" size=").append(sizeOrType)
                        .append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 2) {
                    sb.append("\n\t'");
                    int v = w[d + 1];
                    name(s, u32(w[d]), sb).append("' val=").append(kflag ? v : u32(v));
                }
            }
            case ENUM64 -> {
                sb.append(" encoding=").append(kflag ? "SIGNED" : "UNSIGNED").append(" size=").append(sizeOrType)
                        .append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 3) {
                    long v = (u32(w[d + 2]) << 32) | u32(w[d + 1]);
                    sb.append("\n\t'");
                    name(s, u32(w[d]), sb).append("' val=");
                    if (kflag) {
                        sb.append(v).append("LL");
                    } else {
                        sb.append(Long.toUnsignedString(v)).append("ULL");
                    }
                }
            }
            case FWD -> sb.append(" fwd_kind=").append(kflag ? "union" : "struct");
            case FUNC -> sb.append(" type_id=").append(sizeOrType).append(" linkage=").append(funcLinkage(vlen));
            case FUNC_PROTO -> {
                sb.append(" ret_type_id=").append(sizeOrType).append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 2) {
                    sb.append("\n\t'");
                    name(s, u32(w[d]), sb).append("' type_id=").append(u32(w[d + 1]));
                }
            }
            case VAR -> sb.append(" type_id=").append(sizeOrType).append(", linkage=").append(varLinkage(u32(w[d])));
            case DATASEC -> {
                sb.append(" size=").append(sizeOrType).append(" vlen=").append(vlen);
                for (int i = 0; i < vlen; i++, d += 3) {
                    int varId = w[d];
                    sb.append("\n\ttype_id=").append(u32(varId)).append(" offset=")
                            .append(u32(w[d + 1])).append(" size=").append(u32(w[d + 2]));
                    // Checked at parse: every id is below the type count, as bpftool requires here.
                    TypeTable vt = btf.tableOf(varId);
                    sb.append(" (").append(kindName(btf.kind(varId))).append(" '");
                    name(vt.strings(), varId == 0 ? 0 : vt.nameOff(varId), sb).append("')");
                }
            }
            case FLOAT -> sb.append(" size=").append(sizeOrType);
            case DECL_TAG -> sb.append(" type_id=").append(sizeOrType).append(" component_idx=").append(w[d]);
            case UNKN -> { }
        }
        sb.append('\n');
    }

    private static long u32(int v) {
        return Integer.toUnsignedLong(v);
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
