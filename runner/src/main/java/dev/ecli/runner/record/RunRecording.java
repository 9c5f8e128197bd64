package dev.ecli.runner.record;

import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.params.OptionException;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.pkg.EmbeddedBtfs;
import dev.ecli.runner.session.RunPlan;
import dev.ecli.runner.loop.RunStats;
import dev.ecli.runner.sys.HostName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code run --record FILE}: the options' checks and the recorder they make. */
public final class RunRecording {
    private static final Pattern SIZE = Pattern.compile("(\\d+)([KMG]i?B?|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("(\\d+)(s|m|h)");

    private RunRecording() {}

    /**
     * The writer's options from {@code --record-max} (each a size such as {@code 64M} or an age
     * such as {@code 10m}) and {@code --record-compress}.
     */
    public static RecordingWriter.Options options(List<String> limits, String compress) throws OptionException {
        long bytes = 0, nanos = 0;
        for (String l : limits) {
            Matcher t = TIME.matcher(l);
            Matcher s = SIZE.matcher(l);
            if (t.matches()) {
                long unit = switch (t.group(2)) { case "s" -> 1L; case "m" -> 60L; default -> 3600L; };
                nanos = Math.multiplyExact(Long.parseLong(t.group(1)), unit * 1_000_000_000L);
            } else if (s.matches()) {
                String u = s.group(2) == null ? "" : s.group(2).toUpperCase(Locale.ROOT);
                long unit = u.startsWith("K") ? 1L << 10 : u.startsWith("M") ? 1L << 20 : u.startsWith("G") ? 1L << 30 : 1;
                bytes = Math.multiplyExact(Long.parseLong(s.group(1)), unit);
                if (bytes < 1 << 16) {
                    throw new OptionException("--record-max " + l + ": a file must be allowed at least 64K");
                }
            } else {
                throw new OptionException("--record-max " + l + ": give a size (64M, 1G) or an age (30s, 10m, 1h)");
            }
        }
        boolean lz4 = switch (compress == null ? "none" : compress) {
            case "lz4" -> true;
            case "none" -> false;
            default -> throw new OptionException("--record-compress " + compress + ": lz4 or none");
        };
        return new RecordingWriter.Options(bytes, nanos, lz4);
    }

    /** Creates {@code file} with the header describing {@code plan}'s run. */
    public static Recorder open(Path file, RecordingWriter.Options options, RunPlan plan) throws OptionException {
        Map<String, String> params = new LinkedHashMap<>();
        for (ParamSpec p : plan.basis().params()) {
            params.put(p.variable(), plan.values().textOf(p));
        }
        List<RecordingHeader.Stream> streams = new ArrayList<>();
        for (EventStream s : plan.streams()) {
            streams.add(new RecordingHeader.Stream(s.map(), s.plan().typeName(), (int) s.plan().size()));
        }
        try {
            RecordingHeader header = RecordedPackage.header(plan.pkg(), params, streams, HostName.get(),
                    EmbeddedBtfs.kernelRelease());
            return new Recorder(RecordingWriter.create(file, header, options));
        } catch (RecordingException e) {
            throw new OptionException("--record " + e.getMessage());
        }
    }

    /** The end frame's summary: what the run saw. */
    public static String summary(RunStats stats, long records) {
        return String.format(Locale.ROOT, "{\"records\":%d,\"events\":%d,\"short\":%d,\"dropped\":%d,\"seconds\":%.3f,"
                + "\"stopped\":\"%s\"}", records, stats.events(), stats.shortRecords(), stats.dropped(), stats.seconds(),
                stats.reason() == null ? "" : stats.reason().name().toLowerCase(Locale.ROOT));
    }
}
