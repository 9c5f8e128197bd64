package dev.ecli.runner.decode;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to decode one struct, compiled once from BTF. Immutable and thread-safe.
 *
 * <p>Decoding rules: integers are numbers (unsigned ones keep the full u64 range), {@code char[]}
 * is a string cut at the first NUL, other arrays are arrays, nested structs and unions are
 * objects (anonymous members are flattened into their parent, as C does), enums are the
 * enumerator name or the number when none matches, {@code _Bool} is a boolean, bitfields are
 * numbers, floats are numbers and pointers are unsigned numbers.
 */
public final class DecodePlan {
    /** Nesting deeper than this is refused: it protects against hostile BTF, not real code. */
    static final int MAX_DEPTH = 32;
    /** Upper bound on plan nodes, so a hostile struct cannot make compilation explode. */
    static final int MAX_NODES = 1 << 16;
    /**
     * Upper bound on the values one record decodes to (each number, string, array and object
     * counts one), so that arrays of arrays cannot make one event's output explode: a million
     * elements of a zero-size type fit in no bytes at all.
     */
    static final long MAX_VALUES = 1 << 20;

    private final int typeId;
    private final String typeName;
    private final long size;
    private final long minSize;
    private final List<Field> fields;

    private DecodePlan(int typeId, String typeName, long size, List<Field> fields) {
        this(typeId, typeName, size, size, fields);
    }

    private DecodePlan(int typeId, String typeName, long size, long minSize, List<Field> fields) {
        this.typeId = typeId;
        this.typeName = typeName;
        this.size = size;
        this.minSize = minSize;
        this.fields = List.copyOf(fields);
    }

    /**
     * Compiles the plan of the struct or union named {@code name} (typedefs to one are followed).
     * @throws DecodeException when there is no such type or it cannot be decoded
     */
    public static DecodePlan compile(Btf btf, String name) throws DecodeException {
        Optional<BtfType> t = btf.find(name, BtfKind.STRUCT)
                .or(() -> btf.find(name, BtfKind.UNION))
                .or(() -> btf.find(name, BtfKind.TYPEDEF));
        if (t.isEmpty()) {
            throw new DecodeException("struct " + name + " is not in the object's BTF");
        }
        return compile(btf, t.get().id());
    }

    /**
     * Compiles the plan of the struct or union with BTF id {@code typeId}.
     * @throws DecodeException when the type is not a sized struct/union or is malformed
     */
    public static DecodePlan compile(Btf btf, int typeId) throws DecodeException {
        try {
            BtfType t = btf.resolve(typeId);
            if (!(t instanceof BtfType.Composite c)) {
                throw new DecodeException("type " + btf.type(typeId).name() + " is a "
                        + t.kind().name().toLowerCase() + ", not a struct or union");
            }
            Compiler compiler = new Compiler(btf);
            List<Field> members = compiler.members(c, 0, 0);
            String name = btf.type(typeId).name();
            long extent = 0;
            for (Field f : members) {
                extent = Math.max(extent, extent(f));
            }
            if (extent > c.size()) {
                throw new DecodeException("type " + name + " has members reaching byte " + extent
                        + " but is only " + c.size() + " bytes");
            }
            long values = 1;
            for (Field f : members) {
                values = Math.min(MAX_VALUES + 1, values + values(f));
            }
            if (values > MAX_VALUES) {
                throw new DecodeException("type " + name + " decodes to more than " + MAX_VALUES + " values");
            }
            return new DecodePlan(typeId, name.isEmpty() ? "(anon)" : name, c.size(), members);
        } catch (BtfFormatException | IllegalArgumentException | ArithmeticException e) {
            throw new DecodeException("cannot decode type " + typeId + ": " + e.getMessage());
        }
    }

    /**
     * A plan over fields the caller laid out, e.g. a map's key and value side by side in one
     * record; each field's offset counts from the record's start.
     * @throws DecodeException when a field reaches past {@code size}
     */
    public static DecodePlan assemble(String typeName, long size, List<Field> fields) throws DecodeException {
        for (Field f : fields) {
            if (extent(f) > size) {
                throw new DecodeException(typeName + ": field " + f.name() + " reaches byte " + extent(f)
                        + " of a " + size + "-byte record");
            }
        }
        return new DecodePlan(-1, typeName, size, fields);
    }

    /**
     * The field for a value of BTF type {@code typeId} (any decodable type, not only a
     * struct) at offset 0, under {@code name}.
     * @throws DecodeException when the type has no value (void, a function) or is malformed
     */
    public static Field field(Btf btf, String name, int typeId) throws DecodeException {
        try {
            return new Compiler(btf).field(name, typeId, 0, 0);
        } catch (BtfFormatException | IllegalArgumentException | ArithmeticException e) {
            throw new DecodeException("cannot decode type " + typeId + ": " + e.getMessage());
        }
    }

    /** Bytes a field reads past its base; with this checked once, decoding never reads past the record. */
    static long extent(Field f) {
        return switch (f) {
            case Field.IntField i -> i.offset() + i.size();
            case Field.BitField b -> (b.bitOffset() + b.bits() + 7) >>> 3;
            case Field.BoolField b -> b.offset() + b.size();
            case Field.FloatField x -> x.offset() + x.size();
            case Field.CharsField c -> c.offset() + c.length();
            case Field.EnumField e -> e.offset() + e.size();
            case Field.ArrayField a -> a.count() == 0 ? a.offset()
                    : Math.addExact(a.offset(), Math.addExact(
                            Math.multiplyExact(a.count() - 1, a.stride()), extent(a.element())));
            case Field.Derived d -> extent(d.source());
            case Field.Computed c -> {
                long max = 0;
                for (Field m : c.sources()) {
                    max = Math.max(max, extent(m));
                }
                yield max;
            }
            case Field.Text t -> {
                long max = 0;
                for (Field m : t.sources()) {
                    max = Math.max(max, extent(m));
                }
                yield max;
            }
            case Field.ObjectField o -> {
                long max = 0;
                for (Field m : o.members()) {
                    max = Math.max(max, extent(m));
                }
                yield Math.addExact(o.offset(), max);
            }
        };
    }

    /** Values {@code f} decodes to, saturating just above {@link #MAX_VALUES}. */
    static long values(Field f) {
        long limit = MAX_VALUES + 1;
        return switch (f) {
            case Field.ArrayField a -> {
                long each = values(a.element());
                long all = a.count() <= 0 ? 0 : each > limit / a.count() ? limit : a.count() * each;
                yield Math.min(limit, 1 + all);
            }
            case Field.ObjectField o -> {
                long sum = 1;
                for (Field m : o.members()) {
                    sum = Math.min(limit, sum + values(m));
                }
                yield sum;
            }
            default -> 1;
        };
    }

    /**
     * The same struct with {@code extra} fields after its own (derived ones, which read only
     * bytes the struct has).
     * @throws DecodeException when one reaches past the struct
     */
    public DecodePlan withExtra(List<Field> extra) throws DecodeException {
        List<Field> all = new ArrayList<>(fields);
        for (Field f : extra) {
            if (extent(f) > size) {
                throw new DecodeException(typeName + ": field " + f.name() + " reaches byte " + extent(f)
                        + " of a " + size + "-byte record");
            }
            all.add(f);
        }
        return new DecodePlan(typeId, typeName, size, minSize, all);
    }

    /**
     * The same struct, for records that stop inside its last member (a program sends only the
     * used part of a trailing buffer, its length the buffer's offset plus the bytes in use): a
     * record as short as that member's start is decoded,
     * with the missing bytes read as zeros ({@link #minSize()}).
     */
    public DecodePlan withVariableTail() {
        long before = 0;
        Field last = null;
        for (Field f : fields) {
            if (last == null || extent(f) > extent(last)) {
                last = f;
            }
        }
        for (Field f : fields) {
            if (f != last) {
                before = Math.max(before, extent(f));
            }
        }
        return new DecodePlan(typeId, typeName, size, before, fields);
    }

    /**
     * The shortest record that can be decoded: {@link #size()}, or less for a plan
     * {@link #withVariableTail() with a variable tail}, whose shorter records are padded with zeros.
     */
    public long minSize() {
        return minSize;
    }

    /** The BTF id of the decoded type. */
    public int typeId() {
        return typeId;
    }

    /** The struct's name. */
    public String typeName() {
        return typeName;
    }

    /** The struct's size in bytes: a record shorter than this cannot be decoded. */
    public long size() {
        return size;
    }

    /** Top-level fields in struct order. */
    public List<Field> fields() {
        return fields;
    }

    /**
     * Decodes {@code record} as one object. The record must hold at least {@link #size()} bytes.
     * @throws IllegalArgumentException when it is shorter
     */
    public void decode(MemorySegment record, ValueVisitor v) {
        if (record.byteSize() < size) {
            throw new IllegalArgumentException("record of " + record.byteSize()
                    + " bytes is shorter than " + typeName + " (" + size + " bytes)");
        }
        v.beginObject();
        decodeMembers(record, v);
        v.endObject();
    }

    /**
     * Decodes the record's members (name and value each) without the enclosing object, for
     * sinks that add members of their own.
     * @throws IllegalArgumentException when the record is shorter than {@link #size()}
     */
    public void decodeMembers(MemorySegment record, ValueVisitor v) {
        if (record.byteSize() < size) {
            throw new IllegalArgumentException("record of " + record.byteSize()
                    + " bytes is shorter than " + typeName + " (" + size + " bytes)");
        }
        for (Field f : fields) {
            v.name(f.name());
            f.visit(record, 0, v);
        }
    }

    /** Walks BTF into Field trees; not thread-safe, one per compile. */
    private static final class Compiler {
        private final Btf btf;
        private final Map<Integer, Map<Long, String>> enumNames = new HashMap<>();
        private int nodes;

        Compiler(Btf btf) {
            this.btf = btf;
        }

        /** Members of a composite starting at byte {@code base} of the enclosing object. */
        List<Field> members(BtfType.Composite c, long baseBits, int depth) throws DecodeException {
            List<Field> out = new ArrayList<>();
            flattenInto(out, c, baseBits, depth);
            return out;
        }

        private void flattenInto(List<Field> out, BtfType.Composite c, long baseBits, int depth)
                throws DecodeException {
            if (depth > MAX_DEPTH) {
                throw new DecodeException("type " + c.name() + " nests deeper than " + MAX_DEPTH);
            }
            for (BtfType.Member m : c.members()) {
                long bitOff = baseBits + m.bitOffset();
                BtfType resolved = btf.resolve(m.typeId());
                if (m.name().isEmpty() && resolved instanceof BtfType.Composite inner) {
                    flattenInto(out, inner, bitOff, depth + 1);
                    continue;
                }
                int width = m.bitfieldSize();
                if (width == 0 && resolved instanceof BtfType.Int i
                        && (i.bitOffset() != 0 || i.bits() != i.size() * 8)) {
                    // Bitfield encoded the pre-kind_flag way, in the INT itself.
                    width = i.bits();
                    bitOff += i.bitOffset();
                }
                if (width != 0) {
                    out.add(bitField(m.name(), m.typeId(), bitOff, width));
                } else {
                    if ((bitOff & 7) != 0) {
                        throw new DecodeException("member " + m.name() + " of " + c.name()
                                + " is not byte aligned");
                    }
                    out.add(field(m.name(), m.typeId(), bitOff >>> 3, depth + 1));
                }
            }
            if (out.size() > MAX_NODES) {
                throw new DecodeException("type " + c.name() + " has too many members");
            }
        }

        private Field bitField(String name, int typeId, long bitOff, int width) throws DecodeException {
            count();
            BtfType t = btf.resolve(typeId);
            boolean signed = t instanceof BtfType.Int i ? i.isSigned()
                    : t instanceof BtfType.Enum e ? e.signed()
                    : t instanceof BtfType.Enum64 e64 && e64.signed();
            if (width > 64) {
                throw new DecodeException("bitfield " + name + " is wider than 64 bits");
            }
            return new Field.BitField(name, btf.typedefChain(typeId), bitOff, width, signed);
        }

        /** A byte-aligned member at byte {@code offset} of its enclosing object. */
        Field field(String name, int typeId, long offset, int depth) throws DecodeException {
            count();
            if (depth > MAX_DEPTH) {
                throw new DecodeException("member " + name + " nests deeper than " + MAX_DEPTH);
            }
            List<String> typedefs = btf.typedefChain(typeId);
            BtfType t = btf.resolve(typeId);
            return switch (t) {
                case BtfType.Int i when i.isBool() && isIntSize(i.size()) ->
                        new Field.BoolField(name, typedefs, offset, i.size());
                case BtfType.Int i when isIntSize(i.size()) ->
                        new Field.IntField(name, typedefs, offset, i.size(), i.isSigned());
                case BtfType.Int i when i.size() == Field.IntField.WIDE ->
                        new Field.IntField(name, typedefs, offset, i.size(), i.isSigned());
                case BtfType.Int i -> words(name, typedefs, offset, i.size());
                case BtfType.Ptr p -> new Field.IntField(name, typedefs, offset, 8, false);
                case BtfType.Float f when f.size() == 4 || f.size() == 8 ->
                        new Field.FloatField(name, typedefs, offset, f.size());
                case BtfType.Float f ->
                        new Field.ArrayField(name, typedefs, offset,
                                new Field.IntField("", List.of(), 0, 8, false), f.size() / 8, 8);
                case BtfType.Enum e when isIntSize(e.size()) -> new Field.EnumField(name, typedefs, offset,
                        e.size(), e.signed(), enumNames(e.id(), e.values()));
                case BtfType.Enum64 e when isIntSize(e.size()) -> new Field.EnumField(name, typedefs, offset,
                        e.size(), e.signed(), enumNames(e.id(), e.values()));
                // Compilers never write these sizes; hostile BTF gets what an odd-sized INT gets.
                case BtfType.Enum e -> words(name, typedefs, offset, e.size());
                case BtfType.Enum64 e -> words(name, typedefs, offset, e.size());
                case BtfType.Array a -> array(name, typedefs, a, offset, depth);
                case BtfType.Composite c -> new Field.ObjectField(name, typedefs, offset,
                        members(c, 0, depth + 1));
                default -> throw new DecodeException("member " + name + " has type "
                        + t.kind().name().toLowerCase() + ", which has no value");
            };
        }

        /** An integer of another size than 1, 2, 4, 8 or 16: unsigned 64-bit words, low first. */
        private static Field words(String name, List<String> typedefs, long offset, int size) {
            return new Field.ArrayField(name, typedefs, offset, new Field.IntField("", List.of(), 0, 8, false),
                    size / 8, 8);
        }

        private Field array(String name, List<String> typedefs, BtfType.Array a, long offset, int depth)
                throws DecodeException {
            BtfType elem = btf.resolve(a.elemTypeId());
            if (elem instanceof BtfType.Int i && i.size() == 1 && !i.isBool()
                    && (i.isChar() || i.name().equals("char"))) {
                if (a.nelems() > Integer.MAX_VALUE) {
                    throw new DecodeException("array " + name + " is too long");
                }
                return new Field.CharsField(name, typedefs, offset, (int) a.nelems());
            }
            long stride = btf.sizeOf(a.elemTypeId());
            return new Field.ArrayField(name, typedefs, offset,
                    field("", a.elemTypeId(), 0, depth + 1), a.nelems(), stride);
        }

        private Map<Long, String> enumNames(int id, List<BtfType.EnumValue> values) {
            return enumNames.computeIfAbsent(id, k -> {
                Map<Long, String> m = new HashMap<>();
                for (BtfType.EnumValue ev : values) {
                    m.putIfAbsent(ev.value(), ev.name());
                }
                return Map.copyOf(m);
            });
        }

        private void count() throws DecodeException {
            if (++nodes > MAX_NODES) {
                throw new DecodeException("type has more than " + MAX_NODES + " fields");
            }
        }

        private static boolean isIntSize(int size) {
            return size == 1 || size == 2 || size == 4 || size == 8;
        }
    }
}
