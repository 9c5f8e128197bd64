package dev.ecli.btf;

/** The BTF type kinds, with the numbers the wire format uses (include/uapi/linux/btf.h). */
public enum BtfKind {
    UNKN(0), INT(1), PTR(2), ARRAY(3), STRUCT(4), UNION(5), ENUM(6), FWD(7), TYPEDEF(8),
    VOLATILE(9), CONST(10), RESTRICT(11), FUNC(12), FUNC_PROTO(13), VAR(14), DATASEC(15),
    FLOAT(16), DECL_TAG(17), TYPE_TAG(18), ENUM64(19);

    private static final BtfKind[] BY_NUMBER = values();

    /** The kind's number in {@code btf_type.info} bits 24..28. */
    public final int number;

    BtfKind(int number) {
        this.number = number;
    }

    /** Returns the kind for a wire number, or {@code null} when the number is unknown. */
    public static BtfKind ofNumber(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }
}
