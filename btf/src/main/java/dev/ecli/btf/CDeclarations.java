package dev.ecli.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Struct layouts written as C member declarations ({@code "__u32 pid; char comm[16];"}), turned
 * into BTF on top of an object's own, for records whose struct the object's BTF lacks (a program
 * that sends a stack variable with {@code bpf_perf_event_output} leaves no type behind).
 *
 * <p>A member is {@code TYPE NAME}, with any number of {@code [N]} and {@code *} before the name;
 * {@code TYPE} is a C integer type ({@code unsigned long long}, {@code _Bool}), a fixed-width
 * alias ({@code u32}, {@code __s64}, {@code uint8_t}), a name in the base BTF (a typedef, or
 * {@code struct X}, {@code union X}, {@code enum X}), or a struct declared earlier in the same
 * call. Members are laid out as a C compiler lays them out for BPF: each at the next multiple of
 * its alignment, the struct padded to its largest. Deterministic and stateless.
 */
public final class CDeclarations {
    private static final Pattern MEMBER = Pattern.compile(
            "((?:(?:const|volatile)\\s+)*)((?:struct|union|enum)\\s+\\w+|(?:\\w+\\s+)*?\\w+)\\s*(\\**)\\s*(\\w+)\\s*((?:\\[\\s*\\d+\\s*\\]\\s*)*)");
    private static final Pattern DIM = Pattern.compile("\\[\\s*(\\d+)\\s*\\]");
    private static final Map<String, int[]> INTS = ints();
    /** No record is this large; it also keeps every size and offset within BTF's u32 fields. */
    private static final long MAX_BYTES = 1L << 24;

    private final Btf base;
    private final SplitBtfBuilder out;
    private final Map<String, Integer> declared = new HashMap<>();
    private final Map<Integer, long[]> newLayout = new HashMap<>(); // id -> {size, align}
    private final Map<String, Integer> builtins = new HashMap<>();
    private int indexType = -1;

    private CDeclarations(Btf base) {
        this.base = base;
        this.out = new SplitBtfBuilder(base);
    }

    /**
     * Adds the structs to {@code base}.
     *
     * @param structs struct name to its member declarations, in order; later ones may use earlier ones
     * @return split BTF holding the base's types and the new structs, or {@code base} itself when
     *         {@code structs} is empty
     * @throws IllegalArgumentException naming the struct and the declaration at fault, when a
     *                                  declaration does not parse, names an unknown type, or the
     *                                  struct is already in the base
     */
    public static Btf declare(Btf base, Map<String, String> structs) {
        if (structs.isEmpty()) {
            return base;
        }
        CDeclarations c = new CDeclarations(base);
        for (Map.Entry<String, String> e : new LinkedHashMap<>(structs).entrySet()) {
            try {
                c.struct(e.getKey(), e.getValue());
            } catch (BtfFormatException x) { // a type of the base that has no size or alignment
                throw new IllegalArgumentException("struct " + e.getKey() + ": " + x.getMessage(), x);
            }
        }
        return c.out.build();
    }

    private void struct(String name, String body) {
        if (base.find(name, BtfKind.STRUCT).isPresent() || declared.containsKey(name)) {
            throw new IllegalArgumentException("struct " + name + " is already in the object's BTF; declare it only"
                    + " where the object lacks it");
        }
        List<SplitBtfBuilder.Member> members = new ArrayList<>();
        long offset = 0, align = 1;
        for (String raw : body.split(";")) {
            String decl = raw.strip().replaceAll("\\s+", " ");
            if (decl.isEmpty()) {
                continue;
            }
            Matcher m = MEMBER.matcher(decl);
            if (!m.matches()) {
                throw bad(name, decl, "expected TYPE NAME or TYPE NAME[N]");
            }
            int type = type(name, decl, m.group(2).strip());
            if (type == 0 && m.group(3).isEmpty()) {
                throw bad(name, decl, "void has no size; only a pointer to it can be a member");
            }
            for (int p = 0; p < m.group(3).length(); p++) {
                type = pointer(type);
            }
            List<Long> dims = new ArrayList<>();
            Matcher d = DIM.matcher(m.group(5));
            while (d.find()) {
                String digits = d.group(1);
                dims.add(digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits));
            }
            for (int i = dims.size() - 1; i >= 0; i--) {
                if (dims.get(i) > MAX_BYTES || sizeOf(type) * dims.get(i) > MAX_BYTES) {
                    throw bad(name, decl, "larger than " + MAX_BYTES + " bytes");
                }
                type = array(type, dims.get(i));
            }
            long a = alignOf(type);
            offset = (offset + a - 1) / a * a;
            members.add(new SplitBtfBuilder.Member(m.group(4), type, offset * 8));
            offset += sizeOf(type);
            align = Math.max(align, a);
            if (offset > MAX_BYTES) {
                throw new IllegalArgumentException("struct " + name + " is larger than " + MAX_BYTES + " bytes");
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("struct " + name + " declares no members");
        }
        long size = (offset + align - 1) / align * align;
        int id = out.addStruct(name, size, members);
        newLayout.put(id, new long[] {size, align});
        declared.put(name, id);
    }

    private int type(String struct, String decl, String name) {
        String key = name;
        if (key.startsWith("struct ") && declared.containsKey(key.substring(7))) {
            return declared.get(key.substring(7));
        }
        if (key.equals("void")) {
            return 0; // only behind a '*': a pointer to void
        }
        int[] builtin = INTS.get(key);
        if (builtin != null) {
            return builtins.computeIfAbsent(key, k -> {
                int id = out.addInt(k, builtin[0], builtin[1]);
                newLayout.put(id, new long[] {builtin[0], builtin[0]});
                return id;
            });
        }
        String[] kw = key.split(" ", 2);
        BtfKind kind = switch (kw[0]) {
            case "struct" -> BtfKind.STRUCT;
            case "union" -> BtfKind.UNION;
            case "enum" -> BtfKind.ENUM;
            default -> null;
        };
        if (kind != null && kw.length == 2) {
            return base.find(kw[1], kind).or(() -> kind == BtfKind.ENUM ? base.find(kw[1], BtfKind.ENUM64)
                    : Optional.empty()).map(BtfType::id)
                    .orElseThrow(() -> bad(struct, decl, kw[0] + " " + kw[1] + " is not in the object's BTF"));
        }
        for (BtfKind k : new BtfKind[] {BtfKind.TYPEDEF, BtfKind.INT, BtfKind.FLOAT}) {
            var t = base.find(key, k);
            if (t.isPresent()) {
                return t.get().id();
            }
        }
        throw bad(struct, decl, "unknown type '" + name + "' (not a C integer type, a fixed-width alias,"
                + " a typedef of the object's BTF or a struct declared before)");
    }

    private int pointer(int target) {
        int id = out.addPointer(target);
        newLayout.put(id, new long[] {8, 8});
        return id;
    }

    private int array(int elem, long count) {
        if (indexType < 0) {
            indexType = out.addInt("__ARRAY_SIZE_TYPE__", 4, 0);
            newLayout.put(indexType, new long[] {4, 4});
        }
        int id = out.addArray(elem, indexType, count);
        newLayout.put(id, new long[] {sizeOf(elem) * count, alignOf(elem)});
        return id;
    }

    private long sizeOf(int id) {
        long[] l = newLayout.get(id);
        return l != null ? l[0] : base.sizeOf(id);
    }

    private long alignOf(int id) {
        long[] l = newLayout.get(id);
        return l != null ? l[1] : base.alignOf(id);
    }

    private static IllegalArgumentException bad(String struct, String decl, String why) {
        return new IllegalArgumentException("struct " + struct + ": '" + decl + "': " + why);
    }

    private static Map<String, int[]> ints() {
        Map<String, int[]> m = new HashMap<>();
        int s = SplitBtfBuilder.SIGNED;
        m.put("char", new int[] {1, SplitBtfBuilder.CHAR | s});
        m.put("signed char", new int[] {1, s});
        m.put("unsigned char", new int[] {1, 0});
        m.put("_Bool", new int[] {1, SplitBtfBuilder.BOOL});
        m.put("bool", new int[] {1, SplitBtfBuilder.BOOL});
        for (String[] n : new String[][] {{"short", "2"}, {"int", "4"}, {"long", "8"}, {"long long", "8"}}) {
            int size = Integer.parseInt(n[1]);
            m.put(n[0], new int[] {size, s});
            m.put("signed " + n[0], new int[] {size, s});
            m.put("unsigned " + n[0], new int[] {size, 0});
        }
        m.put("short int", m.get("short"));
        m.put("unsigned short int", m.get("unsigned short"));
        m.put("long int", m.get("long"));
        m.put("unsigned long int", m.get("unsigned long"));
        m.put("long long int", m.get("long long"));
        m.put("unsigned long long int", m.get("unsigned long long"));
        m.put("unsigned", m.get("unsigned int"));
        m.put("signed", m.get("int"));
        for (int bits : new int[] {8, 16, 32, 64}) {
            for (String p : new String[] {"u", "__u", "uint", "s", "__s", "int"}) {
                boolean signed = p.equals("s") || p.equals("__s") || p.equals("int");
                String name = p + bits + (p.endsWith("int") ? "_t" : "");
                m.put(name, new int[] {bits / 8, signed ? s : 0});
            }
        }
        return Map.copyOf(m);
    }
}
