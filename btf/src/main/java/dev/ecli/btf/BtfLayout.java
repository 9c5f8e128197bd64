package dev.ecli.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Following references and laying types out: the logic behind {@link Btf#resolve},
 * {@link Btf#sizeOf}, {@link Btf#alignOf} and friends. Chains are followed in loops bounded by
 * the type count, so a reference cycle ends in a {@link BtfFormatException}, never a hang.
 */
final class BtfLayout {
    /** Deepest struct-in-struct nesting {@link #alignOf} follows; real kernels nest under 20. */
    static final int MAX_NESTING = 512;

    private static final String[] LONG_NAMES = {
        "long", "long int", "int long", "unsigned long", "long unsigned", "unsigned long int",
        "unsigned int long", "long unsigned int", "long int unsigned", "int unsigned long", "int long unsigned",
    };

    private BtfLayout() {}

    static BtfType resolve(Btf btf, int id, boolean throughTypedefs) {
        BtfType t = btf.type(id);
        int steps = 0;
        while (true) {
            int next;
            if (t instanceof BtfType.Modifier m) {
                next = m.typeId();
            } else if (throughTypedefs && t instanceof BtfType.Typedef td) {
                next = td.typeId();
            } else {
                return t;
            }
            if (++steps > btf.typeCount()) {
                throw cycle(id, "resolving it");
            }
            t = btf.type(next);
        }
    }

    static List<String> typedefChain(Btf btf, int id) {
        List<String> out = new ArrayList<>(2);
        BtfType t = btf.type(id);
        int steps = 0;
        while (t instanceof BtfType.Modifier || t instanceof BtfType.Typedef) {
            int next;
            if (t instanceof BtfType.Typedef td) {
                out.add(td.name());
                next = td.typeId();
            } else {
                next = ((BtfType.Modifier) t).typeId();
            }
            if (++steps > btf.typeCount()) {
                throw cycle(id, "following its typedefs");
            }
            t = btf.type(next);
        }
        return List.copyOf(out);
    }

    static long sizeOf(Btf btf, int id) {
        long nelems = 1;
        int cur = id;
        for (int steps = 0; steps <= btf.typeCount(); steps++) {
            BtfType t = btf.type(cur);
            long size;
            switch (t) {
                case BtfType.Int i -> size = Integer.toUnsignedLong(i.size());
                case BtfType.Enum e -> size = Integer.toUnsignedLong(e.size());
                case BtfType.Enum64 e -> size = Integer.toUnsignedLong(e.size());
                case BtfType.Struct s -> size = Integer.toUnsignedLong(s.size());
                case BtfType.Union u -> size = Integer.toUnsignedLong(u.size());
                case BtfType.Float f -> size = Integer.toUnsignedLong(f.size());
                case BtfType.Datasec d -> size = d.size();
                case BtfType.Ptr p -> size = btf.pointerSize();
                case BtfType.Modifier m -> {
                    cur = m.typeId();
                    continue;
                }
                case BtfType.Typedef td -> {
                    cur = td.typeId();
                    continue;
                }
                case BtfType.Var v -> {
                    cur = v.typeId();
                    continue;
                }
                case BtfType.DeclTag dt -> {
                    cur = dt.typeId();
                    continue;
                }
                case BtfType.Array a -> {
                    if (nelems != 0 && a.nelems() > 0xffffffffL / nelems) {
                        throw new BtfFormatException("BTF type [" + id + "]: array size exceeds 4 GiB");
                    }
                    nelems *= a.nelems();
                    cur = a.elemTypeId();
                    continue;
                }
                default -> throw new BtfFormatException("BTF type [" + id + "]: " + describe(t)
                        + " has no size");
            }
            if (size != 0 && nelems > 0xffffffffL / size) {
                throw new BtfFormatException("BTF type [" + id + "]: size exceeds 4 GiB");
            }
            return nelems * size;
        }
        throw cycle(id, "computing its size");
    }

    static int alignOf(Btf btf, int id) {
        return alignOf(btf, id, new HashMap<>(), 0);
    }

    private static int alignOf(Btf btf, int id, Map<Integer, Integer> memo, int depth) {
        int cur = id;
        for (int steps = 0; steps <= btf.typeCount(); steps++) {
            BtfType t = btf.type(cur);
            switch (t) {
                case BtfType.Int i -> {
                    return scalarAlign(btf, id, i.size());
                }
                case BtfType.Enum e -> {
                    return scalarAlign(btf, id, e.size());
                }
                case BtfType.Enum64 e -> {
                    return scalarAlign(btf, id, e.size());
                }
                case BtfType.Float f -> {
                    return scalarAlign(btf, id, f.size());
                }
                case BtfType.Ptr p -> {
                    return btf.pointerSize();
                }
                case BtfType.Modifier m -> cur = m.typeId();
                case BtfType.Typedef td -> cur = td.typeId();
                case BtfType.Array a -> cur = a.elemTypeId();
                case BtfType.Composite c -> {
                    return compositeAlign(btf, c, memo, depth);
                }
                default -> throw new BtfFormatException("BTF type [" + id + "]: " + describe(t)
                        + " has no alignment");
            }
        }
        throw cycle(id, "computing its alignment");
    }

    private static int scalarAlign(Btf btf, int id, int size) {
        if (size <= 0) {
            throw new BtfFormatException("BTF type [" + id + "]: scalar of size "
                    + Integer.toUnsignedString(size) + " has no alignment");
        }
        return Math.min(size, btf.pointerSize());
    }

    /** The largest member alignment, or 1 when a member or the size shows the struct is packed. */
    private static int compositeAlign(Btf btf, BtfType.Composite c, Map<Integer, Integer> memo, int depth) {
        Integer known = memo.get(c.id());
        if (known != null) {
            if (known < 0) {
                throw new BtfFormatException("BTF type [" + c.id() + "]: " + describe(c) + " contains itself");
            }
            return known;
        }
        if (depth > MAX_NESTING) {
            throw new BtfFormatException("BTF type [" + c.id() + "]: structs nest more than " + MAX_NESTING
                    + " levels deep");
        }
        memo.put(c.id(), -1);
        int max = 1;
        boolean packed = false;
        for (BtfType.Member m : c.members()) {
            int align = alignOf(btf, m.typeId(), memo, depth + 1);
            max = Math.max(max, align);
            if (m.bitfieldSize() == 0 && m.bitOffset() % (8L * align) != 0) {
                packed = true;
            }
        }
        if (Integer.toUnsignedLong(c.size()) % max != 0) {
            packed = true;
        }
        int result = packed ? 1 : max;
        memo.put(c.id(), result);
        return result;
    }

    static int bitfieldWidth(Btf btf, BtfType.Member m) {
        if (m.bitfieldSize() != 0) {
            return m.bitfieldSize();
        }
        if (resolve(btf, m.typeId(), true) instanceof BtfType.Int i
                && (i.bitOffset() != 0 || i.bits() != i.size() * 8)) {
            return i.bits();
        }
        return 0;
    }

    static long memberBitOffset(Btf btf, BtfType.Member m) {
        if (m.bitfieldSize() == 0 && resolve(btf, m.typeId(), true) instanceof BtfType.Int i) {
            return m.bitOffset() + i.bitOffset();
        }
        return m.bitOffset();
    }

    static int pointerSize(Btf btf) {
        for (String name : LONG_NAMES) {
            for (BtfType t : btf.findAll(name)) {
                if (t instanceof BtfType.Int i && (i.size() == 4 || i.size() == 8)) {
                    return i.size();
                }
            }
        }
        return 8;
    }

    static String describe(BtfType t) {
        String kind = t instanceof BtfType.Void ? "void" : t.kind().name();
        return t.name().isEmpty() || t instanceof BtfType.Void ? kind : kind + " '" + t.name() + "'";
    }

    private static BtfFormatException cycle(int id, String doing) {
        return new BtfFormatException("BTF type [" + id + "]: reference cycle found while " + doing);
    }
}
