package dev.ecli.runner.top;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.output.Sink;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A sink that aggregates instead of printing each event, and every interval prints the
 * {@code n} largest rows of each stream: redrawn in place on a terminal (cursor home, clear),
 * as tables one after another into a pipe, or as one JSON object per snapshot. A last snapshot
 * is printed at close. Events come from the consumer thread, snapshots from a timer thread: both
 * take this object's lock, which nobody else contends for.
 */
public final class TopSink implements Sink {
    private static final byte[] HOME_CLEAR = "\033[H\033[2J".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** How snapshots look. */
    public enum Style { REDRAW, TABLES, JSON }

    private final OutputStream out;
    private final Style style;
    private final int n;
    private final long intervalMillis;
    private final Map<EventStream, Aggregate> aggregates = new IdentityHashMap<>();
    private final List<Aggregate> order = new ArrayList<>();
    private final TopSpec spec;
    private ScheduledExecutorService timer;
    private long events;
    private IOException failed;

    /**
     * @param spec           which fields make the key and which is summed
     * @param n              rows per snapshot
     * @param intervalMillis time between snapshots
     */
    public TopSink(OutputStream out, Style style, TopSpec spec, int n, long intervalMillis) {
        this.out = out;
        this.style = style;
        this.spec = spec;
        this.n = n;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public synchronized void begin() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecli-top");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::snapshotQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void event(EventStream stream, MemorySegment record) throws IOException {
        if (failed != null) {
            throw failed;
        }
        Aggregate a = aggregates.get(stream);
        if (a == null) {
            a = spec.aggregate(stream);
            aggregates.put(stream, a);
            order.add(a);
        }
        a.add(record);
        events++;
    }

    @Override
    public synchronized void flush() throws IOException {
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public void close() throws IOException {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (this) {
            if (failed == null) {
                snapshot();
            }
        }
    }

    private synchronized void snapshotQuietly() {
        try {
            snapshot();
        } catch (IOException e) {
            failed = e; // a closed pipe: the next event ends the run
        }
    }

    private void snapshot() throws IOException {
        StringBuilder sb = new StringBuilder();
        String clock = LocalTime.now().format(CLOCK);
        if (style == Style.JSON) {
            TopJson.snapshot(sb, clock, events, order, n);
        } else {
            sb.append(clock).append("  ").append(events).append(events == 1 ? " event" : " events").append('\n');
            for (Aggregate a : order) {
                TopTable.render(sb, a, n);
            }
            if (style == Style.TABLES) {
                sb.append('\n');
            }
        }
        if (style == Style.REDRAW) {
            out.write(HOME_CLEAR);
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Column title of a field: its name in capitals. */
    static String title(Field f) {
        return f.name().toUpperCase(Locale.ROOT);
    }
}
