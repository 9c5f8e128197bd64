package dev.ecli.runner.oci;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body that must keep coming: when no byte arrives for {@code idle}, or the whole
 * body has not arrived by {@code total}, a watchdog closes the stream under the reader (the
 * JDK's body stream wakes a blocked read when closed), and the read throws
 * {@link Expired} saying which limit passed. {@link java.net.http.HttpRequest#timeout} covers
 * only the wait for the headers; this covers the rest. Reads from one thread.
 */
final class BodyDeadline extends InputStream {
    /** A body read that ran out of time; the message says which limit and how long. */
    static final class Expired extends IOException {
        private static final long serialVersionUID = 1L;

        Expired(String message) {
            super(message);
        }
    }

    // One daemon thread for every body's watchdog; only pulls load this class.
    private static final ScheduledThreadPoolExecutor WATCH = watchdog();

    private final InputStream in;
    private final long idleNanos;
    private final long endNanos;
    private final long totalNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastByte = System.nanoTime();
    private volatile String expired;

    /**
     * @param idleMillis  the longest wait for the next byte
     * @param totalMillis the longest the whole body may take, from now
     */
    BodyDeadline(InputStream in, long idleMillis, long totalMillis) {
        this.in = in;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.totalNanos = TimeUnit.MILLISECONDS.toNanos(totalMillis);
        this.endNanos = lastByte + totalNanos;
        long every = Math.max(10, Math.min(1000, Math.min(idleMillis, totalMillis) / 4));
        this.check = WATCH.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ecli-http-deadline");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private void watch() {
        long now = System.nanoTime();
        if (now - endNanos >= 0) {
            expire("not all of it had come after " + seconds(totalNanos));
        } else if (now - lastByte >= idleNanos) {
            expire("no byte came for " + seconds(idleNanos));
        }
    }

    private void expire(String why) {
        expired = why;
        check.cancel(false);
        try {
            in.close();
        } catch (IOException e) {
            // Closed is what was wanted.
        }
    }

    /** {@code 60 s}, {@code 1.5 s}. */
    static String seconds(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        failIfExpired();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            failIfExpired();
            throw e;
        }
        failIfExpired();
        if (n > 0) {
            lastByte = System.nanoTime();
        }
        return n;
    }

    private void failIfExpired() throws Expired {
        String why = expired;
        if (why != null) {
            throw new Expired(why);
        }
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        in.close();
    }
}
