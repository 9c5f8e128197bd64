package dev.ecli.runner.filter;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.decode.ValueVisitor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Reads one top-level field's scalar value: a number, a string, or neither (objects, arrays). */
final class FieldValue implements ValueVisitor {
    long number;
    boolean isNumber;
    boolean unsigned;
    String text;
    private int depth;

    void read(Field f, MemorySegment record) {
        isNumber = false;
        text = null;
        depth = 0;
        f.visit(record, 0, this);
    }

    @Override
    public void name(String name) {}

    @Override
    public void signed(long v) {
        if (depth == 0) {
            number = v;
            isNumber = true;
            unsigned = false;
        }
    }

    @Override
    public void unsigned(long v) {
        if (depth == 0) {
            number = v;
            isNumber = true;
            unsigned = true;
        }
    }

    @Override
    public void integer(java.math.BigInteger v) {
        if (depth == 0) {
            text = v.toString();
        }
    }

    @Override
    public void bool(boolean v) {
        if (depth == 0) {
            number = v ? 1 : 0;
            isNumber = true;
            text = Boolean.toString(v);
        }
    }

    @Override
    public void floating(double v) {
        if (depth == 0) {
            text = Double.toString(v);
        }
    }

    @Override
    public void chars(MemorySegment r, long offset, int length) {
        if (depth == 0) {
            byte[] b = new byte[length];
            MemorySegment.copy(r, ValueLayout.JAVA_BYTE, offset, b, 0, length);
            text = new String(b, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void enumerator(String name, long value) {
        if (depth == 0) {
            text = name;
            number = value;
            isNumber = true;
        }
    }

    @Override
    public void beginObject() {
        depth++;
    }

    @Override
    public void endObject() {
        depth--;
    }

    @Override
    public void beginArray() {
        depth++;
    }

    @Override
    public void endArray() {
        depth--;
    }
}
