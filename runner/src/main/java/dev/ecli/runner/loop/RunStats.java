package dev.ecli.runner.loop;

/**
 * What one run saw.
 *
 * @param events  records decoded and written
 * @param shortRecords  records shorter than their struct, counted and skipped
 * @param dropped records the kernel side could not reserve, from the packages' drop counters
 * @param seconds wall time from the first poll to the stop
 * @param reason  why the run stopped
 * @param sinkDropped events written that a sink could not deliver (e.g. its broker was away and
 *                    its queue full); see {@link dev.ecli.runner.output.Sink#dropped()}
 * @param filtered records a stream's filter left out ({@code --filter}, the runner's own process)
 * @param prints  sampled maps printed
 * @param streams whether the run had event streams: without, the summary counts prints, not (no) events
 */
public record RunStats(long events, long shortRecords, long dropped, double seconds, StopReason reason,
                       long sinkDropped, long filtered, long prints, boolean streams) {
    /** Without sink drops, filters or prints. */
    public RunStats(long events, long shortRecords, long dropped, double seconds, StopReason reason) {
        this(events, shortRecords, dropped, seconds, reason, 0, 0, 0, true);
    }

    /** The same with the sinks' final drop count (known once they are closed). */
    public RunStats withSinkDropped(long n) {
        return new RunStats(events, shortRecords, dropped, seconds, reason, n, filtered, prints, streams);
    }

    /**
     * One line for stderr, e.g. {@code 12 events, 3 filtered out in 3.0 s (stopped: interrupt)};
     * a run with only sampled maps says {@code 4 map prints} instead of its (no) events.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (!streams && prints > 0) {
            sb.append(prints).append(prints == 1 ? " map print" : " map prints");
        } else {
            sb.append(events).append(events == 1 ? " event" : " events");
            if (filtered > 0) {
                sb.append(", ").append(filtered).append(" filtered out");
            }
        }
        if (dropped > 0) {
            sb.append(", ").append(dropped).append(" dropped by the kernel");
        }
        if (sinkDropped > 0) {
            sb.append(", ").append(sinkDropped).append(" dropped by sinks");
        }
        if (shortRecords > 0) {
            sb.append(", ").append(shortRecords).append(" short records skipped");
        }
        sb.append(String.format(java.util.Locale.ROOT, " in %.1f s", seconds));
        if (reason != null) {
            sb.append(" (stopped: ").append(reason.text()).append(')');
        }
        return sb.toString();
    }
}
