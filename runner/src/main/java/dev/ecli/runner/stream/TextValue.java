package dev.ecli.runner.stream;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.decode.ValueVisitor;
import dev.ecli.runner.format.BytesFormat;
import dev.ecli.runner.format.ValueFormat;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * One field's value as short text, as a table cell shows it: numbers (through the field's
 * format when it has one), strings cut at NUL, enum names, nested values inline.
 */
public final class TextValue implements ValueVisitor {
    private final StringBuilder sb = new StringBuilder();
    private final ValueFormat format;
    private int depth;
    private boolean first = true;

    private TextValue(ValueFormat format) {
        this.format = format;
    }

    /**
     * The text of field {@code f} of {@code record}, through {@code format} when not null (a
     * {@link BytesFormat} reads a byte array as one value, as an address).
     */
    public static String of(Field f, MemorySegment record, ValueFormat format) {
        if (format instanceof BytesFormat bytes && f instanceof Field.ArrayField a) {
            byte[] b = new byte[(int) a.count()];
            MemorySegment.copy(record, ValueLayout.JAVA_BYTE, a.offset(), b, 0, b.length);
            return bytes.formatBytes(b);
        }
        TextValue t = new TextValue(format);
        f.visit(record, 0, t);
        return t.sb.toString();
    }

    private void sep() {
        if (depth > 0 && !first) {
            sb.append(',');
        }
        first = false;
    }

    @Override
    public void name(String name) {
        sep();
        sb.append(name).append('=');
        first = true;
    }

    private void number(String plain, long v) {
        sep();
        sb.append(format != null && depth == 0 ? format.format(v) : plain);
    }

    @Override
    public void signed(long v) {
        number(Long.toString(v), v);
    }

    @Override
    public void unsigned(long v) {
        number(Long.toUnsignedString(v), v);
    }

    @Override
    public void integer(java.math.BigInteger v) {
        sep();
        sb.append(v);
    }

    @Override
    public void bool(boolean v) {
        number(Boolean.toString(v), v ? 1 : 0);
    }

    @Override
    public void floating(double v) {
        sep();
        sb.append(v);
    }

    @Override
    public void chars(MemorySegment r, long offset, int length) {
        sep();
        byte[] b = new byte[length];
        MemorySegment.copy(r, ValueLayout.JAVA_BYTE, offset, b, 0, length);
        int n = 0;
        while (n < length && b[n] != 0) {
            n++;
        }
        sb.append(new String(b, 0, n, StandardCharsets.UTF_8));
    }

    @Override
    public void enumerator(String name, long value) {
        sep();
        sb.append(name);
    }

    @Override
    public void beginObject() {
        sep();
        sb.append('{');
        depth++;
        first = true;
    }

    @Override
    public void endObject() {
        sb.append('}');
        depth--;
        first = false;
    }

    @Override
    public void beginArray() {
        sep();
        sb.append('[');
        depth++;
        first = true;
    }

    @Override
    public void endArray() {
        sb.append(']');
        depth--;
        first = false;
    }
}
