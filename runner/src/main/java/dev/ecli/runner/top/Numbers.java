package dev.ecli.runner.top;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.decode.ValueVisitor;
import java.lang.foreign.MemorySegment;

/** Reads a top-level integer field as a number (0 for anything else). */
final class Numbers implements ValueVisitor {
    private long value;

    static long of(Field f, MemorySegment record) {
        Numbers n = new Numbers();
        f.visit(record, 0, n);
        return n.value;
    }

    @Override public void name(String name) {}
    @Override public void signed(long v) { value = v; }
    @Override public void unsigned(long v) { value = v; }
    @Override public void bool(boolean v) { value = v ? 1 : 0; }
    @Override public void floating(double v) { value = (long) v; }
    @Override public void chars(MemorySegment r, long offset, int length) {}
    @Override public void enumerator(String name, long v) { value = v; }
    @Override public void beginObject() {}
    @Override public void endObject() {}
    @Override public void beginArray() {}
    @Override public void endArray() {}
}
