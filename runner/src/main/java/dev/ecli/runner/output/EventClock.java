package dev.ecli.runner.output;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The clock the sinks read an event's time from (-t): the system's during a live run, the
 * recorded receive time during a replay ({@link #replaying}).
 */
public final class EventClock {
    private static volatile Clock clock = Clock.systemDefaultZone();

    private EventClock() {}

    /** The clock sinks read. */
    public static Clock get() {
        return clock;
    }

    /** Makes the sinks read {@code c}'s time from now on, e.g. a replay's. */
    public static void use(Clock c) {
        clock = c;
    }

    /** A clock that shows whatever time it was last {@linkplain Replayed#set set} to, in the local zone. */
    public static Replayed replaying() {
        Replayed r = new Replayed(ZoneId.systemDefault());
        use(r);
        return r;
    }

    /** A clock set by hand, to each replayed record's receive time. */
    public static final class Replayed extends Clock {
        private final ZoneId zone;
        private volatile long epochNanos;

        private Replayed(ZoneId zone) {
            this.zone = zone;
        }

        /** The time shown from now on, in ns since the epoch. */
        public void set(long epochNanos) {
            this.epochNanos = epochNanos;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            Replayed r = new Replayed(z);
            r.epochNanos = epochNanos;
            return r;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                    Math.floorMod(epochNanos, 1_000_000_000L));
        }
    }
}
