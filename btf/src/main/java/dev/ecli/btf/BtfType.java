package dev.ecli.btf;

import java.util.List;

/**
 * One BTF type record. Records refer to other types by id, never by reference, so that
 * cyclic graphs (a struct holding a pointer to itself) need no special care; resolve ids
 * with {@link Btf#type(int)}. Names are {@code ""} for anonymous types, never null.
 */
public sealed interface BtfType {
    /** The type's id in its {@link Btf} (0 is void). */
    int id();

    /** The type's name, {@code ""} when anonymous. */
    String name();

    /** The type's kind. */
    BtfKind kind();

    /** Kinds that wrap another type without changing its layout. */
    sealed interface Modifier extends BtfType permits Volatile, Const, Restrict, TypeTag {
        /** The wrapped type's id. */
        int typeId();
    }

    /** STRUCT and UNION. */
    sealed interface Composite extends BtfType permits Struct, Union {
        /** Size in bytes. */
        int size();

        /** Members in declaration order. */
        List<Member> members();
    }

    /** The void type, id 0. */
    record Void() implements BtfType {
        public int id() { return 0; }
        public String name() { return "void"; }
        public BtfKind kind() { return BtfKind.UNKN; }
    }

    /**
     * INT. {@code bitOffset} and {@code bits} come from the trailing u32; encoding flags
     * are BTF_INT_SIGNED (1), BTF_INT_CHAR (2), BTF_INT_BOOL (4).
     */
    record Int(int id, String name, int size, int encoding, int bitOffset, int bits) implements BtfType {
        public static final int SIGNED = 1, CHAR = 2, BOOL = 4;
        public BtfKind kind() { return BtfKind.INT; }
        public boolean isSigned() { return (encoding & SIGNED) != 0; }
        public boolean isChar() { return (encoding & CHAR) != 0; }
        public boolean isBool() { return (encoding & BOOL) != 0; }
    }

    record Ptr(int id, String name, int typeId) implements BtfType {
        public BtfKind kind() { return BtfKind.PTR; }
    }

    record Array(int id, String name, int elemTypeId, int indexTypeId, long nelems) implements BtfType {
        public BtfKind kind() { return BtfKind.ARRAY; }
    }

    /**
     * A member of a struct or union. {@code bitOffset} is the offset of the member in bits
     * from the start of the composite; {@code bitfieldSize} is 0 unless the member is a bitfield
     * (only known when the composite's kind_flag is set; otherwise bitfields are encoded in the
     * member's INT type, see {@link Int#bits()} and {@link Int#bitOffset()}).
     */
    record Member(String name, int typeId, long bitOffset, int bitfieldSize) {}

    record Struct(int id, String name, int size, boolean kindFlag, List<Member> members) implements Composite {
        public BtfKind kind() { return BtfKind.STRUCT; }
    }

    record Union(int id, String name, int size, boolean kindFlag, List<Member> members) implements Composite {
        public BtfKind kind() { return BtfKind.UNION; }
    }

    /** An enumerator; {@code value} is sign- or zero-extended as its enum's signedness says. */
    record EnumValue(String name, long value) {}

    record Enum(int id, String name, int size, boolean signed, List<EnumValue> values) implements BtfType {
        public BtfKind kind() { return BtfKind.ENUM; }
    }

    record Enum64(int id, String name, int size, boolean signed, List<EnumValue> values) implements BtfType {
        public BtfKind kind() { return BtfKind.ENUM64; }
    }

    /** A forward declaration; {@code union} is the kind_flag. */
    record Fwd(int id, String name, boolean union) implements BtfType {
        public BtfKind kind() { return BtfKind.FWD; }
    }

    record Typedef(int id, String name, int typeId) implements BtfType {
        public BtfKind kind() { return BtfKind.TYPEDEF; }
    }

    record Volatile(int id, String name, int typeId) implements Modifier {
        public BtfKind kind() { return BtfKind.VOLATILE; }
    }

    record Const(int id, String name, int typeId) implements Modifier {
        public BtfKind kind() { return BtfKind.CONST; }
    }

    record Restrict(int id, String name, int typeId) implements Modifier {
        public BtfKind kind() { return BtfKind.RESTRICT; }
    }

    /** FUNC; {@code linkage} is 0 static, 1 global, 2 extern. */
    record Func(int id, String name, int typeId, int linkage) implements BtfType {
        public BtfKind kind() { return BtfKind.FUNC; }
    }

    record Param(String name, int typeId) {}

    record FuncProto(int id, String name, int returnTypeId, List<Param> params) implements BtfType {
        public BtfKind kind() { return BtfKind.FUNC_PROTO; }
    }

    /** VAR; {@code linkage} is 0 static, 1 global-allocated, 2 extern. */
    record Var(int id, String name, int typeId, int linkage) implements BtfType {
        public BtfKind kind() { return BtfKind.VAR; }
    }

    record VarSecInfo(int typeId, long offset, long size) {}

    record Datasec(int id, String name, long size, List<VarSecInfo> vars) implements BtfType {
        public BtfKind kind() { return BtfKind.DATASEC; }
    }

    record Float(int id, String name, int size) implements BtfType {
        public BtfKind kind() { return BtfKind.FLOAT; }
    }

    /** DECL_TAG; {@code componentIdx} is -1 for the type itself, else a member/param index. */
    record DeclTag(int id, String name, int typeId, int componentIdx) implements BtfType {
        public BtfKind kind() { return BtfKind.DECL_TAG; }
    }

    record TypeTag(int id, String name, int typeId) implements Modifier {
        public BtfKind kind() { return BtfKind.TYPE_TAG; }
    }
}
