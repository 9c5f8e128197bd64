package dev.ecli.runner.decode;

import java.lang.foreign.MemorySegment;

/** How a {@link Field.Computed} makes its value from a record. Called on the thread that decodes. */
@FunctionalInterface
public interface RecordValue {
    /** Hands the value for the struct at {@code base} of {@code record} to {@code v}: exactly one value. */
    void visit(MemorySegment record, long base, ValueVisitor v);
}
