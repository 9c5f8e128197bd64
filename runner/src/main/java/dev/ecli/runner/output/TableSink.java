package dev.ecli.runner.output;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.decode.ValueVisitor;
import dev.ecli.runner.format.Printable;
import dev.ecli.runner.format.ValueFormat;
import dev.ecli.runner.stream.EventStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes events as aligned, left-justified columns under a header of upper-case field names,
 * the way libbpf-tools do. Column widths come from the field types and formats (a format's
 * widest common text, {@code char[N]} up to {@link #TEXT_CAP}), so the header is printed once,
 * before any event. Text longer than its column (a path, an array, a struct) is cut with
 * {@code …} unless {@link OutputOptions#wide} or it is the last column; a number or a name
 * wider than its column is never cut: the cells after it move right only until the padding
 * that follows can take the difference back. Nested structs and arrays are shown compactly in
 * one cell ({@code {a=1 b=2}}, {@code [1,2,3]}). With several streams, each gets its header on
 * its first event, and rows start with the map's name.
 */
public final class TableSink implements Sink {
    /** The widest a {@code char[N]} column gets from its size alone; longer text is cut at it. */
    public static final int TEXT_CAP = 24;
    private static final char CUT = '\u2026';
    private final ByteOutput out;
    private final boolean flushEachEvent;
    private final List<EventStream> streams;
    private final Map<EventStream, Layout> layouts = new HashMap<>();
    private final CellWriter cells = new CellWriter();
    private final boolean timestamps;
    private final boolean wide;
    /** ANSI styles: a bold header, dim times, coloured stream names (stdout is a terminal). */
    private final boolean colour;
    private static final String BOLD = "\033[1m", DIM = "\033[2m", CYAN = "\033[36m", RESET = "\033[0m";
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * @param out            where rows go
     * @param streams        the streams that will be written (their headers are derived up front)
     * @param options        flushing, a time at the start of each row (the local time it was
     *                       received) and ANSI styles; tags and text fields do not apply
     */
    public TableSink(OutputStream out, List<EventStream> streams, OutputOptions options) {
        this.colour = options.colour();
        this.timestamps = options.timestamps();
        this.wide = options.wide();
        this.out = new ByteOutput(out, 64 * 1024);
        this.flushEachEvent = options.flushEachEvent();
        this.streams = List.copyOf(streams);
        for (EventStream s : streams) {
            layouts.put(s, new Layout(s, wide));
        }
    }

    @Override
    public void begin() throws IOException {
        if (streams.size() == 1) {
            header(layouts.get(streams.getFirst()));
            out.flush();
        }
    }

    private void header(Layout layout) {
        layout.headerShown = true;
        String[] row = new String[layout.names.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = heading(layout.names[i], layout.formats[i]);
        }
        if (colour) {
            out.utf8(BOLD);
        }
        row(layout, row, "TIME     ", true);
    }

    private static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile("_(n|u|m)?s(ec)?$");

    /**
     * A column's heading: the field's name in capitals, without the unit it ends in
     * ({@code _ns}, {@code _us}, {@code _ms}, {@code _s}, {@code _nsec}...) when the cells show
     * their own ({@code 1.50s}): a raw nanosecond count keeps its {@code _NS}.
     */
    static String heading(String name, ValueFormat format) {
        String shown = name;
        if (format != null && format.showsUnit()) {
            String stripped = UNIT.matcher(name).replaceFirst("");
            shown = stripped.isEmpty() ? name : stripped;
        }
        return shown.toUpperCase(Locale.ROOT);
    }

    @Override
    public void event(EventStream stream, MemorySegment record) throws IOException {
        Layout layout = layouts.computeIfAbsent(stream, s -> new Layout(s, wide));
        if (!layout.headerShown) {
            header(layout);
        }
        cells.reset(layout.names.length, layout.formats);
        stream.decode(record, cells);
        row(layout, cells.cells, timestamps ? TIME.format(java.time.LocalTime.now(EventClock.get())) + " " : "", false);
        if (flushEachEvent) {
            out.flush();
        } else {
            out.drainAbove(32 * 1024);
        }
    }

    private void row(Layout layout, String[] cells, String time, boolean header) {
        boolean style = colour && !header;
        if (streams.size() > 1) {
            out.utf8(style ? CYAN + layout.prefix + RESET : layout.prefix);
        }
        if (timestamps) {
            out.utf8(style ? DIM + time + RESET : time);
        }
        // pos: where this row has got to; start: where the column begins under its header
        int pos = 0, start = 0;
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            if (c.length() > layout.widths[i] && (layout.cut[i] || !header && cutsInline(i, cells.length))) {
                c = cut(c, layout.widths[i]);
            }
            out.utf8(c);
            pos += c.length();
            start += layout.widths[i] + 1;
            if (i < cells.length - 1) {
                int pad = Math.max(start - pos, 1);
                out.spaces(pad);
                pos += pad;
            }
        }
        if (colour && header) {
            out.utf8(RESET);
        }
        out.write((byte) '\n');
    }

    /** Whether column {@code i}'s struct or array, written inline (a union's arm), is cut. */
    private boolean cutsInline(int i, int columns) {
        return !wide && i < columns - 1 && cells.compound[i];
    }

    /** {@code text} in {@code width} characters, the last one {@code …}; a surrogate pair is kept whole or left out. */
    static String cut(String text, int width) {
        int end = Math.max(width - 1, 0);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + CUT;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Column names and widths of one stream. */
    private static final class Layout {
        final String[] names;
        final int[] widths;
        final ValueFormat[] formats;
        /** Whether a longer cell is cut to the column's width: text, not numbers or names. */
        final boolean[] cut;
        final String prefix;
        boolean headerShown;

        Layout(EventStream s, boolean wide) {
            List<Field> fields = s.fields();
            names = new String[fields.size()];
            widths = new int[fields.size()];
            formats = new ValueFormat[fields.size()];
            cut = new boolean[fields.size()];
            for (int i = 0; i < names.length; i++) {
                Field f = fields.get(i);
                names[i] = f.name();
                formats[i] = s.formats().get(names[i]);
                int natural = formats[i] != null ? 10 : naturalWidth(f);
                widths[i] = Math.max(heading(names[i], formats[i]).length(),
                        s.widths().getOrDefault(names[i], natural));
                // the last column pushes nothing out of place
                cut[i] = !wide && i < names.length - 1 && formats[i] == null && cuttable(f);
            }
            prefix = s.map() + ": ";
        }

        /**
         * Text that may be cut: characters, arrays, structs, text made from the record. Not what
         * --enrich adds (a cgroup path, a container id): those are names to copy whole.
         */
        static boolean cuttable(Field f) {
            return f instanceof Field.CharsField || f instanceof Field.ArrayField || f instanceof Field.ObjectField
                    || f instanceof Field.Text;
        }

        /** A width most values of this field fit in, without making the table too wide. */
        static int naturalWidth(Field f) {
            return switch (f) {
                case Field.IntField i -> switch (i.size()) {
                    case 1 -> 4;
                    case 2 -> 6;
                    case 4 -> 7;
                    default -> 12;
                };
                case Field.BitField b -> Math.min(String.valueOf((1L << Math.min(b.bits(), 62)) - 1).length(), 12);
                case Field.BoolField b -> 5;
                case Field.FloatField x -> 10;
                case Field.CharsField c -> Math.min(c.length(), TEXT_CAP);
                case Field.EnumField e -> Math.min(e.names().values().stream()
                        .mapToInt(String::length).max().orElse(6), 16);
                case Field.ArrayField a -> 16;
                case Field.ObjectField o -> 16;
                case Field.Derived d -> d.derivation().width();
                case Field.Text t -> 16;
                case Field.Computed c -> 10;
            };
        }
    }

    /** Collects one row's cells: a cell per top-level member, nested values rendered inline. */
    private static final class CellWriter implements ValueVisitor {
        String[] cells = new String[0];
        /** Per column: the value is a struct or an array written inline (text, so it may be cut). */
        boolean[] compound = new boolean[0];
        private final StringBuilder sb = new StringBuilder();
        private static final int MAX_DEPTH = 64;
        /** Per container nesting level (0 = inside a top-level cell): nothing written yet / is an array. */
        private final boolean[] firstAtDepth = new boolean[MAX_DEPTH];
        private final boolean[] arrayAtDepth = new boolean[MAX_DEPTH];
        private int column = -1;
        private int depth;
        private boolean pendingName;

        private ValueFormat[] formats = new ValueFormat[0];
        /** While inside a top-level byte array shown as one value (an IPv6 address): its format and bytes. */
        private dev.ecli.runner.format.BytesFormat collecting;
        private final byte[] bytes = new byte[64];
        private int byteCount;

        void reset(int columns, ValueFormat[] formats) {
            this.formats = formats;
            if (cells.length != columns) {
                cells = new String[columns];
                compound = new boolean[columns];
            }
            java.util.Arrays.fill(cells, null);
            java.util.Arrays.fill(compound, false);
            column = -1;
            depth = 0;
            sb.setLength(0);
        }

        private void endCell() {
            if (column >= 0 && column < cells.length) {
                cells[column] = sb.toString();
            }
            sb.setLength(0);
        }

        @Override
        public void name(String name) {
            if (depth == 1) {
                endCell();
                column++;
            } else {
                separator();
                sb.append(name).append('=');
            }
            pendingName = true;
        }

        /** Objects separate members with a space, arrays elements with a comma. */
        private void separator() {
            int d = depth - 2;
            if (d >= 0 && d < MAX_DEPTH) {
                if (!firstAtDepth[d]) {
                    sb.append(arrayAtDepth[d] ? ',' : ' ');
                }
                firstAtDepth[d] = false;
            }
        }

        private void value() {
            if (pendingName) {
                pendingName = false;
            } else if (depth >= 2) {
                separator();
            }
        }

        /** The current top-level column's format, when the value is that column's whole value. */
        private ValueFormat format() {
            return depth == 1 && column >= 0 && column < formats.length ? formats[column] : null;
        }

        @Override
        public void signed(long v) {
            if (collect(v)) {
                return;
            }
            value();
            ValueFormat f = format();
            sb.append(f != null ? f.format(v) : Long.toString(v));
        }

        @Override
        public void unsigned(long v) {
            if (collect(v)) {
                return;
            }
            value();
            ValueFormat f = format();
            sb.append(f != null ? f.format(v) : Long.toUnsignedString(v));
        }

        @Override
        public void integer(java.math.BigInteger v) {
            value();
            sb.append(v);
        }

        @Override
        public void bool(boolean v) {
            value();
            sb.append(v);
        }

        @Override
        public void floating(double v) {
            value();
            sb.append(v);
        }

        @Override
        public void chars(MemorySegment r, long offset, int length) {
            value();
            byte[] b = new byte[length];
            MemorySegment.copy(r, ValueLayout.JAVA_BYTE, offset, b, 0, length);
            String s = new String(b, StandardCharsets.UTF_8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                // Keep one row per event: control characters would break the layout.
                sb.append(Printable.unprintable(c) ? '?' : c);
            }
        }

        @Override
        public void enumerator(String name, long v) {
            value();
            sb.append(name);
        }

        @Override
        public void beginObject() {
            open('{', false);
        }

        @Override
        public void endObject() {
            close('}');
        }

        @Override
        public void beginArray() {
            if (format() instanceof dev.ecli.runner.format.BytesFormat bf) {
                value();
                collecting = bf;
                byteCount = 0;
                depth++;
                return;
            }
            open('[', true);
        }

        @Override
        public void endArray() {
            if (collecting != null && depth == 2) {
                depth--;
                sb.append(collecting.formatBytes(java.util.Arrays.copyOf(bytes, byteCount)));
                collecting = null;
                return;
            }
            close(']');
        }

        /** Keeps an element of a byte array shown as one value; false when not inside one. */
        private boolean collect(long v) {
            if (collecting == null || depth != 2) {
                return false;
            }
            if (byteCount < bytes.length) {
                bytes[byteCount++] = (byte) v;
            }
            return true;
        }

        private void open(char c, boolean array) {
            if (depth == 1 && column >= 0 && column < compound.length) {
                compound[column] = true;
            }
            if (depth >= 1) {
                value();
                sb.append(c);
                int d = depth - 1;
                if (d < MAX_DEPTH) {
                    firstAtDepth[d] = true;
                    arrayAtDepth[d] = array;
                }
            }
            depth++;
        }

        private void close(char c) {
            depth--;
            if (depth >= 1) {
                sb.append(c);
            } else {
                endCell();
            }
        }
    }
}
