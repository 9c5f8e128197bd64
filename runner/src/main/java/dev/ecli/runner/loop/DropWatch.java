package dev.ecli.runner.loop;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.output.Sink;
import java.io.IOException;
import java.util.List;

/**
 * Reads the kernel's drop counts (each perf buffer's lost samples, each package drop counter)
 * and the sinks', warning about each new drop; the totals go to the {@link Tallies}.
 */
final class DropWatch {
    private final List<Source> sources;
    private final Tallies tallies;
    private final Warnings warnings;
    private final long[] lostReported, dropsReported;
    private long sinkReported;
    /** Told of each stream's grown totals; null: none. */
    private final RecordTap tap;

    DropWatch(List<Source> sources, Tallies tallies, Warnings warnings, RecordTap tap) {
        this.tap = tap;
        this.sources = sources;
        this.tallies = tallies;
        this.warnings = warnings;
        lostReported = new long[sources.size()];
        dropsReported = new long[sources.size()];
    }

    /** Reads every count, warns about new drops; returns the kernel's total. */
    long check(Sink sink) throws BpfException, IOException {
        long total = 0;
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            long lost = s.source().lost();
            long dropped = s.drops() == null ? 0 : s.drops().read();
            boolean grown = lost > lostReported[i] || dropped > dropsReported[i];
            if (lost > lostReported[i]) {
                warnings.warn("map " + s.stream().map() + ": " + (lost - lostReported[i])
                        + " samples lost by the kernel (perf buffer full), " + lost + " in all");
                lostReported[i] = lost;
            }
            if (dropped > dropsReported[i]) {
                warnings.warn("map " + s.stream().map() + ": " + (dropped - dropsReported[i])
                        + " records dropped by the kernel (ring buffer full), " + dropped + " in all");
                dropsReported[i] = dropped;
            }
            if (grown && tap != null) {
                tap.drops(i, dropped, lost);
            }
            tallies.drops(i, lost + dropped);
            total += lost + dropped;
        }
        long sinkNow = sink.dropped();
        if (sinkNow > sinkReported) {
            warnings.warn((sinkNow - sinkReported) + " events dropped by sinks (queue full or not delivered), "
                    + sinkNow + " in all");
            sinkReported = sinkNow;
        }
        tallies.totals(total, sinkReported);
        return total;
    }
}
