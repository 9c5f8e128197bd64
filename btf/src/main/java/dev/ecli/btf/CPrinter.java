package dev.ecli.btf;

import java.util.List;

/**
 * Prints BTF types in C syntax: full definitions ({@link #declaration}), declarators for a name
 * ({@link #declarator}) and abstract type names ({@link #typeName}).
 *
 * <pre>
 * struct event {
 *     int pid;                                     /*      0 4 *&#47;
 *     union {
 *         unsigned int flags;                      /*      4 4 *&#47;
 *         unsigned int exited: 1;                  /*    4:0 1 bit *&#47;
 *     };
 *     void (*cb)(int, char *);                     /*      8 8 *&#47;
 *     char comm[16];                               /*     16 16 *&#47;
 * };
 * </pre>
 *
 * <p>Anonymous structs, unions and enums are written inline, as C declares them; named ones
 * by name. Offset comments give the byte offset from the start of the outermost type, then
 * the size in bytes; a bitfield's offset is {@code byte:bit} (bit counted from the byte's
 * least significant bit) and its size is in bits. Type tags are not printed. Output never
 * ends with a newline. Reference cycles and absurd nesting end in {@link BtfFormatException}.
 * Stateless and thread-safe.
 */
public final class CPrinter {
    private static final String INDENT = "    ";
    private static final int COMMENT_COLUMN = 48;
    /** Deepest nesting of inline bodies and parameter lists. */
    private static final int MAX_DEPTH = 64;
    /** Output limit, so that shared anonymous types cannot multiply the text without end. */
    private static final int MAX_CHARS = 1 << 24;

    private final Btf btf;
    private final boolean withOffsets;
    private final int rootId;
    private int depth;
    private long written;

    private CPrinter(Btf btf, int rootId, boolean withOffsets) {
        this.btf = btf;
        this.rootId = rootId;
        this.withOffsets = withOffsets;
    }

    /**
     * The C definition of a type: {@code struct event { ... };} for a struct or union,
     * {@code enum e { ... };}, {@code typedef ...;} (preceded by the named struct it names),
     * a prototype for a FUNC, a declaration for a VAR, the variables of a DATASEC. Other kinds
     * give their type name.
     *
     * @param withOffsets add a {@code /* offset size *&#47;} comment to each member
     * @throws IllegalArgumentException when no such id
     * @throws BtfFormatException       on a reference cycle or nesting beyond 64 levels
     */
    public static String declaration(Btf btf, int typeId, boolean withOffsets) {
        return new CPrinter(btf, typeId, withOffsets).definition(btf.type(typeId));
    }

    /** The type as a C cast writes it: {@code const char *}, {@code int (*)(void *)}, {@code struct event}. */
    public static String typeName(Btf btf, int typeId) {
        return new CPrinter(btf, typeId, false).decl(typeId, "", 0);
    }

    /** A declaration of {@code name} with this type, without {@code ;}: {@code char comm[16]}. */
    public static String declarator(Btf btf, int typeId, String name) {
        return new CPrinter(btf, typeId, false).decl(typeId, name, 0);
    }

    private String definition(BtfType t) {
        return switch (t) {
            case BtfType.Composite c -> compositeBody(c, 0, 0) + ";";
            case BtfType.Enum e -> enumBody(e.name(), e.values(), e.signed(), false, 0) + ";";
            case BtfType.Enum64 e -> enumBody(e.name(), e.values(), e.signed(), true, 0) + ";";
            case BtfType.Fwd f -> (f.union() ? "union " : "struct ") + f.name() + ";";
            case BtfType.Typedef td -> typedef(td);
            case BtfType.Func f -> linkage(f.linkage()) + decl(f.typeId(), f.name(), 0) + ";";
            case BtfType.Var v -> linkage(v.linkage()) + decl(v.typeId(), v.name(), 0) + ";";
            case BtfType.Datasec d -> datasec(d);
            case BtfType.DeclTag dt -> "/* decl_tag \"" + dt.name() + "\" on " + decl(dt.typeId(), "", 0)
                    + (dt.componentIdx() >= 0 ? " component " + dt.componentIdx() : "") + " */";
            default -> decl(t.id(), "", 0);
        };
    }

    private String typedef(BtfType.Typedef td) {
        BtfType target = btf.skipModifiers(td.typeId());
        if (withOffsets && target instanceof BtfType.Composite c && c.name().isEmpty()
                && btf.type(td.typeId()) == target) {
            return "typedef " + compositeBody(c, 0, 0) + " " + td.name() + ";";
        }
        String line = "typedef " + decl(td.typeId(), td.name(), 0) + ";";
        boolean namedBody = !target.name().isEmpty() && (target instanceof BtfType.Composite
                || target instanceof BtfType.Enum || target instanceof BtfType.Enum64);
        return namedBody ? definition(target) + "\n" + line : line;
    }

    private String datasec(BtfType.Datasec d) {
        StringBuilder sb = new StringBuilder("/* section ").append(d.name()).append(", ").append(d.size())
                .append(" bytes */");
        for (BtfType.VarSecInfo v : d.vars()) {
            sb.append('\n');
            int start = sb.length();
            BtfType vt = btf.type(v.typeId());
            sb.append(vt instanceof BtfType.Var var ? definition(var) : decl(v.typeId(), "", 0) + ";");
            comment(sb, start, Long.toString(v.offset()), Long.toString(v.size()));
        }
        return sb.toString();
    }

    private static String linkage(int linkage) {
        return linkage == 0 ? "static " : linkage == 2 ? "extern " : "";
    }

    /**
     * Declares {@code inner} (a name, or the declarator built so far) with type {@code typeId}.
     * Pointers, arrays and prototypes wrap {@code inner} from the inside out, in a loop so
     * that long chains use no stack.
     */
    private String decl(int typeId, String inner, int indent) {
        StringBuilder prefix = new StringBuilder();
        int cur = typeId;
        for (int steps = 0; steps <= btf.typeCount(); steps++) {
            BtfType t = btf.type(cur);
            switch (t) {
                case BtfType.Ptr p -> {
                    inner = "*" + inner;
                    cur = p.typeId();
                }
                case BtfType.Const c -> {
                    inner = qualify("const", c.typeId(), inner, prefix);
                    cur = c.typeId();
                }
                case BtfType.Volatile v -> {
                    inner = qualify("volatile", v.typeId(), inner, prefix);
                    cur = v.typeId();
                }
                case BtfType.Restrict r -> {
                    inner = qualify("restrict", r.typeId(), inner, prefix);
                    cur = r.typeId();
                }
                case BtfType.TypeTag tt -> cur = tt.typeId();
                case BtfType.DeclTag dt -> cur = dt.typeId();
                case BtfType.Var v -> cur = v.typeId();
                case BtfType.Func f -> cur = f.typeId();
                case BtfType.Array a -> {
                    inner = wrap(inner) + "[" + a.nelems() + "]";
                    cur = a.elemTypeId();
                }
                case BtfType.FuncProto fp -> {
                    inner = wrap(inner) + "(" + params(fp, indent) + ")";
                    cur = fp.returnTypeId();
                }
                default -> {
                    String base = prefix + baseName(t, indent);
                    return inner.isEmpty() ? base : base + " " + inner;
                }
            }
        }
        throw new BtfFormatException("BTF type [" + typeId + "]: reference cycle found while printing it");
    }

    /** A qualifier on a pointer goes after its {@code *}; on anything else, before the base type. */
    private String qualify(String qualifier, int target, String inner, StringBuilder prefix) {
        int next = target;
        for (int i = 0; i <= btf.typeCount() && btf.kind(next) == BtfKind.TYPE_TAG; i++) {
            next = ((BtfType.TypeTag) btf.type(next)).typeId();
        }
        if (btf.kind(next) == BtfKind.PTR) {
            return inner.isEmpty() ? qualifier : qualifier + " " + inner;
        }
        prefix.append(qualifier).append(' ');
        return inner;
    }

    private static String wrap(String inner) {
        return inner.startsWith("*") ? "(" + inner + ")" : inner;
    }

    private String params(BtfType.FuncProto fp, int indent) {
        List<BtfType.Param> ps = fp.params();
        if (ps.isEmpty()) {
            return "void";
        }
        enter(fp);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ps.size(); i++) {
            BtfType.Param p = ps.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            boolean varargs = i == ps.size() - 1 && p.typeId() == 0 && p.name().isEmpty();
            int before = sb.length();
            sb.append(varargs ? "..." : decl(p.typeId(), p.name(), indent));
            count(sb.length() - before);
        }
        depth--;
        return sb.toString();
    }

    /** The base of a declaration: a keyword and name, or an inline body for an anonymous type. */
    private String baseName(BtfType t, int indent) {
        return switch (t) {
            case BtfType.Void v -> "void";
            case BtfType.Int i -> i.name().isEmpty() ? "int" : i.name();
            case BtfType.Float f -> f.name().isEmpty() ? "double" : f.name();
            case BtfType.Typedef td -> td.name();
            case BtfType.Struct s -> s.name().isEmpty() ? compositeBody(s, indent, -1) : "struct " + s.name();
            case BtfType.Union u -> u.name().isEmpty() ? compositeBody(u, indent, -1) : "union " + u.name();
            case BtfType.Enum e -> e.name().isEmpty() ? enumBody("", e.values(), e.signed(), false, indent)
                    : "enum " + e.name();
            case BtfType.Enum64 e -> e.name().isEmpty() ? enumBody("", e.values(), e.signed(), true, indent)
                    : "enum " + e.name();
            case BtfType.Fwd f -> (f.union() ? "union " : "struct ") + f.name();
            case BtfType.Datasec d -> "/* section " + d.name() + " */";
            default -> "/* " + t.kind() + " */";
        };
    }

    /**
     * {@code struct name { members }} with the closing brace at {@code indent}.
     *
     * @param baseBits the composite's bit offset in the outermost type, or -1 for no offsets
     */
    private String compositeBody(BtfType.Composite c, int indent, long baseBits) {
        enter(c);
        StringBuilder sb = new StringBuilder(c instanceof BtfType.Union ? "union" : "struct");
        if (!c.name().isEmpty()) {
            sb.append(' ').append(c.name());
        }
        sb.append(" {\n");
        String pad = INDENT.repeat(indent + 1);
        for (BtfType.Member m : c.members()) {
            int start = sb.length();
            sb.append(pad);
            long bits = baseBits < 0 ? -1 : baseBits + btf.memberBitOffset(m);
            int width = btf.bitfieldWidth(m);
            BtfType mt = btf.skipModifiers(m.typeId());
            boolean nested = withOffsets && bits >= 0 && mt instanceof BtfType.Composite inner
                    && inner.name().isEmpty();
            if (nested) {
                // An anonymous struct or union: its members get offsets from the outermost type.
                sb.append(compositeBody((BtfType.Composite) mt, indent + 1, bits));
                if (!m.name().isEmpty()) {
                    sb.append(' ').append(m.name());
                }
            } else {
                sb.append(decl(m.typeId(), m.name(), indent + 1));
            }
            if (width != 0) {
                sb.append(": ").append(width);
            }
            sb.append(';');
            if (withOffsets && bits >= 0 && !(nested && m.name().isEmpty())) {
                int lineStart = sb.lastIndexOf("\n", sb.length() - 1) + 1;
                comment(sb, Math.max(start, lineStart), offset(bits, width), size(m, width));
            }
            sb.append('\n');
            count(sb.length() - start);
        }
        sb.append(INDENT.repeat(indent)).append('}');
        depth--;
        return sb.toString();
    }

    private String enumBody(String name, List<BtfType.EnumValue> values, boolean signed, boolean wide, int indent) {
        StringBuilder sb = new StringBuilder("enum");
        if (!name.isEmpty()) {
            sb.append(' ').append(name);
        }
        sb.append(" {\n");
        String pad = INDENT.repeat(indent + 1);
        for (BtfType.EnumValue v : values) {
            sb.append(pad).append(v.name()).append(" = ");
            if (wide) {
                sb.append(signed ? v.value() + "LL" : Long.toUnsignedString(v.value()) + "ULL");
            } else {
                sb.append(v.value());
            }
            sb.append(",\n");
        }
        count(sb.length());
        return sb.append(INDENT.repeat(indent)).append('}').toString();
    }

    private static String offset(long bits, int width) {
        return width == 0 && (bits & 7) == 0 ? Long.toString(bits >>> 3) : (bits >>> 3) + ":" + (bits & 7);
    }

    private String size(BtfType.Member m, int width) {
        if (width != 0) {
            return width + (width == 1 ? " bit" : " bits");
        }
        try {
            return Long.toString(btf.sizeOf(m.typeId()));
        } catch (BtfFormatException e) {
            return "?";
        }
    }

    /** Pads the line that starts at {@code lineStart} to the comment column and appends the comment. */
    private static void comment(StringBuilder sb, int lineStart, String offset, String size) {
        int len = sb.length() - lineStart;
        sb.append(" ".repeat(Math.max(1, COMMENT_COLUMN - len)));
        sb.append("/* ").append(" ".repeat(Math.max(0, 6 - offset.length()))).append(offset).append(' ')
                .append(size).append(" */");
    }

    private void enter(BtfType t) {
        if (++depth > MAX_DEPTH) {
            throw new BtfFormatException("BTF type [" + rootId + "]: " + BtfLayout.describe(t) + " [" + t.id()
                    + "] nests more than " + MAX_DEPTH + " levels deep in its C declaration");
        }
    }

    private void count(int chars) {
        written += chars;
        if (written > MAX_CHARS) {
            throw new BtfFormatException("BTF type [" + rootId + "]: its C declaration exceeds " + MAX_CHARS
                    + " characters");
        }
    }
}
