package dev.ecli.runner.pkg.eunomia;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.btf.SplitBtfBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Record layouts an eunomia package describes apart from its object's BTF (a pre-0.3 package's
 * JSON fields, an {@code export_btf} blob, {@code custom_members}), written as split BTF on top of
 * the object's own, so that the stream view decodes them as any struct of the object. A layout
 * the object's BTF already holds (same name, members and offsets) is used from there instead,
 * keeping its typedefs and enums, which give fields their meaning. Not thread-safe.
 */
final class EunomiaLayouts {
    /** A member of a layout: its name, type id (in {@link #btf()}) and offset in bits. */
    record Field(String name, int typeId, long bitOffset) {}

    private final Btf base;
    private final SplitBtfBuilder out;
    private final Map<String, Integer> ints = new HashMap<>();
    private boolean added;
    private Btf built;

    EunomiaLayouts(Btf base) {
        this.base = base;
        this.out = new SplitBtfBuilder(base);
    }

    /** The object's own BTF. */
    Btf base() {
        return base;
    }

    /** The object's BTF with every layout added so far; the object's own when none was. */
    Btf btf() {
        if (!added) {
            return base;
        }
        if (built == null) {
            built = out.build();
        }
        return built;
    }

    /** An integer type of {@code size} bytes ({@link SplitBtfBuilder#SIGNED} etc.), added once per name. */
    int intType(String name, int size, int encoding) {
        return ints.computeIfAbsent(name + "/" + size + "/" + encoding, k -> add(() -> out.addInt(name, size, encoding)));
    }

    /** An array of {@code count} elements of {@code elem}. */
    int array(int elem, long count) {
        int index = intType("__ARRAY_SIZE_TYPE__", 4, 0);
        return add(() -> out.addArray(elem, index, count));
    }

    /** A pointer; records carry its value, never what it points to. */
    int pointer() {
        return add(() -> out.addPointer(0));
    }

    /** A new struct of {@code size} bytes with these members, in order. */
    int struct(String name, long size, List<Field> fields) {
        List<SplitBtfBuilder.Member> members = new ArrayList<>();
        for (Field f : fields) {
            members.add(new SplitBtfBuilder.Member(f.name(), f.typeId(), f.bitOffset()));
        }
        return add(() -> out.addStruct(name, size, members));
    }

    /**
     * The id of the object's struct named {@code name} of {@code size} bytes whose members have
     * exactly these names at these bit offsets; empty when it has none.
     */
    Optional<Integer> sameInBase(String name, long size, List<String> names, List<Long> bitOffsets) {
        for (BtfType t : base.findAll(name)) {
            if (t instanceof BtfType.Struct s && s.size() == size && s.members().size() == names.size()) {
                boolean same = true;
                for (int i = 0; i < names.size() && same; i++) {
                    BtfType.Member m = s.members().get(i);
                    same = m.name().equals(names.get(i)) && base.memberBitOffset(m) == bitOffsets.get(i);
                }
                if (same) {
                    return Optional.of(s.id());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Type {@code id} of another BTF ({@code export_btf}) as a type of {@link #btf()}: integers,
     * arrays and structs copied, modifiers seen through, a typedef or enum the object has by the
     * same name and size taken from it (else what the typedef names, or an integer of the enum's
     * size), pointers as pointers.
     * @throws IllegalArgumentException for a type a record cannot carry here (a union, a bitfield)
     */
    int copy(Btf from, int id) {
        return copy(from, id, 0);
    }

    /** No record nests deeper; a deeper chain is a loop in hostile BTF. */
    private static final int MAX_DEPTH = 32;

    private int copy(Btf from, int id, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("type " + id + " nests more than " + MAX_DEPTH + " deep");
        }
        if (id == 0) {
            return 0;
        }
        BtfType t = from.type(id);
        return switch (t) {
            case BtfType.Int i -> intType(i.name(), i.size(), i.encoding());
            case BtfType.Typedef d -> sameTypedef(from, d).orElseGet(() -> copy(from, d.typeId(), depth + 1));
            case BtfType.Modifier m -> copy(from, from.skipModifiers(id).id(), depth + 1);
            case BtfType.Ptr p -> pointer();
            case BtfType.Array a -> array(copy(from, a.elemTypeId(), depth + 1), a.nelems());
            case BtfType.Enum e -> enumOrInt(e.name(), e.size(), e.signed());
            case BtfType.Enum64 e -> enumOrInt(e.name(), e.size(), e.signed());
            case BtfType.Struct s -> {
                List<String> names = new ArrayList<>();
                List<Long> offsets = new ArrayList<>();
                List<Field> fields = new ArrayList<>();
                for (BtfType.Member m : s.members()) {
                    if (from.bitfieldWidth(m) != 0) {
                        throw new IllegalArgumentException("member " + m.name() + " of struct " + s.name()
                                + " is a bitfield, which an exported record cannot carry here");
                    }
                    names.add(m.name());
                    offsets.add(from.memberBitOffset(m));
                    fields.add(new Field(m.name(), copy(from, m.typeId(), depth + 1), from.memberBitOffset(m)));
                }
                Optional<Integer> same = s.name().isEmpty() ? Optional.empty()
                        : sameInBase(s.name(), s.size(), names, offsets);
                yield same.isPresent() ? same.get() : struct(s.name(), s.size(), fields);
            }
            default -> throw new IllegalArgumentException("type " + id + " is a "
                    + t.kind().name().toLowerCase(java.util.Locale.ROOT) + ", which an exported record cannot carry"
                    + " here");
        };
    }

    /** The object's typedef of {@code d}'s name and size: its name may give the field a meaning. */
    private Optional<Integer> sameTypedef(Btf from, BtfType.Typedef d) {
        Optional<BtfType> t = d.name().isEmpty() ? Optional.empty() : base.find(d.name(), BtfKind.TYPEDEF);
        try {
            return t.filter(x -> base.sizeOf(x.id()) == from.sizeOf(d.id())).map(BtfType::id);
        } catch (BtfFormatException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The object's enum of this name and size, or an integer of its size. */
    int enumOrInt(String name, int size, boolean signed) {
        if (!name.isEmpty()) {
            for (BtfType t : base.findAll(name)) {
                if ((t instanceof BtfType.Enum e && e.size() == size) || (t instanceof BtfType.Enum64 e64 && e64.size() == size)) {
                    return t.id();
                }
            }
        }
        return intType((signed ? "" : "unsigned ") + "enum", size, signed ? SplitBtfBuilder.SIGNED : 0);
    }

    /**
     * The first member of struct {@code typeId} that does not end inside it, as "member NAME ends at
     * byte N, past the struct's M bytes", or null when all do: records are read no further.
     */
    static String memberOutside(Btf btf, int typeId) {
        BtfType.Composite c = (BtfType.Composite) btf.type(typeId);
        for (BtfType.Member m : c.members()) {
            long end;
            try {
                end = btf.memberBitOffset(m) / 8 + btf.sizeOf(m.typeId());
            } catch (BtfFormatException | IllegalArgumentException e) {
                return "member " + m.name() + " has a type with no size: " + e.getMessage();
            }
            if (end > c.size()) {
                return "member " + m.name() + " ends at byte " + end + ", past the struct's " + c.size() + " bytes";
            }
        }
        return null;
    }

    /** Whether the object's BTF has a type of this name and kind. */
    Optional<BtfType> named(String name, BtfKind kind) {
        return base.find(name, kind);
    }

    private interface Adder {
        int add();
    }

    private int add(Adder a) {
        if (built != null) {
            throw new IllegalStateException("layouts already built");
        }
        added = true;
        return a.add();
    }
}
