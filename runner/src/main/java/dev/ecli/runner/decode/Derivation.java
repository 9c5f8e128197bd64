package dev.ecli.runner.decode;

/**
 * What a {@link Field.Derived} makes of the integer it reads: a value that is not in the record
 * (a name looked up from an id, say). Called on the thread that decodes.
 */
public interface Derivation {
    /** Hands the derived value of {@code value} to {@code v}: exactly one value. */
    void visit(long value, ValueVisitor v);

    /** A table width most derived values fit in. */
    int width();
}
