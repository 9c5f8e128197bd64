package dev.ecli.runner.output;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.sys.Sys;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The live status of a long run, like a progress line: one line at the bottom of the terminal
 * on stderr ({@code ecli-java: 1234 events | 56/s | 0 dropped | 0:01:23}), redrawn in place
 * ({@code \r}, erase line) at most four times a second. Everything else written to the same
 * terminal goes through {@link #guard}: the line is erased before, and drawn again after a
 * complete line, so rows and messages never mix with it. Erased on {@link #close}.
 * Only for a terminal: see {@link #wanted}.
 */
public final class StatusLine implements AutoCloseable {
    /** Time between two refreshes. */
    public static final long REFRESH_MILLIS = 250;
    private static final byte[] ERASE = "\r\033[K".getBytes(StandardCharsets.US_ASCII);
    /** Refreshes averaged for the rate: about one second. */
    private static final int WINDOW = 4;

    private final OutputStream terminal;
    private final LongSupplier dropped;
    private LongSupplier filtered = () -> 0;
    /** Set for a run without event streams: its line counts map prints instead. */
    private LongSupplier prints;
    private final long start = System.nanoTime();
    private final Object lock = new Object();
    private final long[] windowEvents = new long[WINDOW + 1];
    private final long[] windowNanos = new long[WINDOW + 1];
    private int samples;
    private volatile long events;
    private byte[] text = new byte[0];
    private boolean shown;
    private boolean atLineStart = true;
    private boolean closed;
    private Thread ticker;
    private PrintStream previousErr;

    /**
     * @param terminal where the line goes (stderr, unbuffered)
     * @param dropped  the kernel's drops so far; read from the refresh thread
     */
    public StatusLine(OutputStream terminal, LongSupplier dropped) {
        this.terminal = terminal;
        this.dropped = dropped;
        windowNanos[0] = start;
        samples = 1;
    }

    /** Whether to show a status line: stderr is a terminal that can erase a line, and not --quiet. */
    public static boolean wanted(boolean quiet) {
        return !quiet && !"dumb".equals(System.getenv("TERM")) && Sys.isTerminal(2);
    }

    /**
     * Starts a status line on stderr: {@link System#err} is guarded until {@link #close}, so
     * warnings erase the line first.
     */
    public static StatusLine start(LongSupplier dropped) {
        StatusLine s = new StatusLine(new FileOutputStream(FileDescriptor.err), dropped);
        s.previousErr = System.err;
        System.setErr(new PrintStream(s.guard(new FileOutputStream(FileDescriptor.err)), true,
                java.nio.charset.Charset.defaultCharset()));
        s.ticker = Thread.ofPlatform().daemon().name("status-line").start(s::tick);
        return s;
    }

    /**
     * Shows {@code N filtered out} after the events once {@code filtered} (records filters left
     * out so far, read from the refresh thread) is above zero; returns this.
     */
    public StatusLine filtered(LongSupplier filtered) {
        this.filtered = filtered;
        return this;
    }

    /**
     * For a run with only sampled maps: the line counts {@code prints} (maps printed so far, read
     * from the refresh thread) instead of events and their rate; returns this.
     */
    public StatusLine prints(LongSupplier prints) {
        this.prints = prints;
        return this;
    }

    /** A sink that counts the events it passes on, for the line. */
    public Sink counting(Sink sink) {
        return new Sink() {
            @Override
            public void begin() throws IOException {
                sink.begin();
            }

            @Override
            public void event(EventStream stream, MemorySegment record) throws IOException {
                sink.event(stream, record);
                events++;
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }

            @Override
            public long dropped() {
                return sink.dropped();
            }

            @Override
            public void close() throws IOException {
                sink.close();
            }
        };
    }

    /** {@code out}, writing to the same terminal: each write erases the line first and redraws it after. */
    public OutputStream guard(OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len <= 0) {
                    return;
                }
                synchronized (lock) {
                    erase();
                    out.write(b, off, len);
                    atLineStart = b[off + len - 1] == '\n';
                    draw();
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(REFRESH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (!refresh()) {
                return;
            }
        }
    }

    /** Computes the line and draws it unless a line is half written; false once closed or the terminal failed. */
    public boolean refresh() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            text = line().getBytes(StandardCharsets.UTF_8);
            try {
                draw();
            } catch (IOException e) {
                return false;
            }
            return true;
        }
    }

    /** The line's text now; called every refresh. */
    private String line() {
        long now = System.nanoTime();
        if (prints != null) {
            return formatPrints(prints.getAsLong(), dropped.getAsLong(), (now - start) / 1e9);
        }
        long n = events;
        int slot = samples % windowEvents.length;
        windowEvents[slot] = n;
        windowNanos[slot] = now;
        int oldest = samples < WINDOW ? 0 : (samples - WINDOW) % windowEvents.length;
        samples++;
        double span = (now - windowNanos[oldest]) / 1e9;
        double rate = span > 0 ? (n - windowEvents[oldest]) / span : 0;
        return format(n, filtered.getAsLong(), rate, dropped.getAsLong(), (now - start) / 1e9);
    }

    /** E.g. {@code ecli-java: 1234 events | 56/s | 0 dropped | 0:01:23}. */
    public static String format(long events, double perSecond, long dropped, double seconds) {
        return format(events, 0, perSecond, dropped, seconds);
    }

    /**
     * E.g. {@code ecli-java: 1234 events | 7 filtered out | 56/s | 0 dropped | 0:01:23}; the
     * filtered part only when {@code filtered > 0}.
     */
    public static String format(long events, long filtered, double perSecond, long dropped, double seconds) {
        long s = (long) seconds;
        String rate = perSecond >= 100 || perSecond == 0 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
        return String.format(Locale.ROOT, "ecli-java: %d %s%s | %s/s | %d dropped | %d:%02d:%02d", events,
                events == 1 ? "event" : "events", filtered > 0 ? " | " + filtered + " filtered out" : "", rate,
                dropped, s / 3600, s / 60 % 60, s % 60);
    }

    /** E.g. {@code ecli-java: 3 map prints | 0 dropped | 0:00:15}: a run with only sampled maps. */
    public static String formatPrints(long prints, long dropped, double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "ecli-java: %d %s | %d dropped | %d:%02d:%02d", prints,
                prints == 1 ? "map print" : "map prints", dropped, s / 3600, s / 60 % 60, s % 60);
    }

    private void draw() throws IOException {
        if (closed || !atLineStart || text.length == 0) {
            return;
        }
        byte[] b = new byte[ERASE.length + text.length];
        System.arraycopy(ERASE, 0, b, 0, ERASE.length);
        System.arraycopy(text, 0, b, ERASE.length, text.length);
        terminal.write(b);
        shown = true;
    }

    private void erase() throws IOException {
        if (shown) {
            terminal.write(ERASE);
            shown = false;
        }
    }

    /** Stops refreshing, erases the line and gives stderr back. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            try {
                erase();
            } catch (IOException e) {
                // The terminal went away.
            }
        }
        if (ticker != null) {
            ticker.interrupt();
        }
        if (previousErr != null) {
            System.err.flush();
            System.setErr(previousErr);
        }
    }
}
