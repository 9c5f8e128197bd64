package dev.ecli.runner.decode;

import java.lang.foreign.MemorySegment;

/** How a {@link Field.Text} makes its text from a record. Called on the thread that decodes. */
@FunctionalInterface
public interface RecordText {
    /** The text for the struct at {@code base} of {@code record}; reads stay inside the record. */
    String text(MemorySegment record, long base);
}
