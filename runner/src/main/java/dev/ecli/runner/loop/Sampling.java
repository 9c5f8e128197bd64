package dev.ecli.runner.loop;

import dev.ecli.runner.libbpf.BpfException;
import java.io.IOException;

/** What the run loop prints on a timer besides events: the sampled maps. */
public interface Sampling {
    /** Nanoseconds from {@code now} until the next print is due; {@link Long#MAX_VALUE}: none. */
    long untilDue(long now);

    /** Prints what is due at {@code now}, or everything when {@code all} (the run's end). */
    void print(long now, boolean all) throws IOException, BpfException;

    /** Whether every map with a count of prints has printed it, so the run is over. */
    default boolean finished() {
        return false;
    }

    /** Maps printed so far (a print of two maps counts two); any thread. */
    default long prints() {
        return 0;
    }

    /** Nothing to sample. */
    Sampling NONE = new Sampling() {
        @Override
        public long untilDue(long now) {
            return Long.MAX_VALUE;
        }

        @Override
        public void print(long now, boolean all) {
        }
    };
}
