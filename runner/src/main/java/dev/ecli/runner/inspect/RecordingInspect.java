package dev.ecli.runner.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.record.RecordedPackage;
import dev.ecli.runner.record.RecordingHeader;
import dev.ecli.runner.record.RecordingSummary;
import dev.ecli.runner.format.Printable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** {@code ecli-java inspect FILE} for a recording: its package, machine, streams and how it ends. */
public final class RecordingInspect {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private RecordingInspect() {}

    /** Prints what {@code file} holds: text, or one JSON object when {@code json}. */
    public static void print(Path file, boolean json, PrintWriter out) throws Exception {
        RecordingSummary s = RecordingSummary.of(file);
        RecordingHeader h = s.header();
        PackageSpec pkg = RecordedPackage.load(h, file.toString());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("recording", file.toString()).put("package", pkg.manifest().name())
                    .put("manifest", h.manifestName()).put("host", h.host()).put("kernel", h.kernel())
                    .put("created_ns", h.createdNanos()).put("first_ns", s.firstNanos()).put("last_ns", s.lastNanos())
                    .put("records", s.total());
            h.params().forEach(root.putObject("params")::put);
            var streams = root.putArray("streams");
            for (int i = 0; i < h.streams().size(); i++) {
                RecordingHeader.Stream st = h.streams().get(i);
                streams.addObject().put("map", st.map()).put("struct", st.struct()).put("size", st.size())
                        .put("records", s.records()[i]).put("dropped", s.dropped()[i]);
            }
            if (s.end() != null) {
                root.set("end", mapper.readTree(s.end()));
            }
            root.put("cut", s.cut());
            out.println(root.toPrettyString());
            out.flush();
            return;
        }
        // Host, kernel, params and names come from the file: escaped before a terminal sees them.
        StringWriter text = new StringWriter();
        printText(file, s, pkg, new PrintWriter(text));
        out.print(Printable.lines(text.toString()));
        out.flush();
    }

    private static void printText(Path file, RecordingSummary s, PackageSpec pkg, PrintWriter out) {
        RecordingHeader h = s.header();
        out.printf("recording %s%n", esc(file.toString()));
        out.printf("package   %s (%s%s)%n", esc(pkg.manifest().name()), esc(h.manifestName()),
                h.objectName() == null ? ", object inside" : ", " + esc(h.objectName()));
        out.printf("machine   %s, kernel %s%n", esc(h.host()), esc(h.kernel()));
        out.printf("created   %s%n", TIME.format(instant(h.createdNanos())));
        out.printf("records   %d%s%n", s.total(), s.total() == 0 ? "" : ", received " + TIME.format(instant(s.firstNanos()))
                + " to " + TIME.format(instant(s.lastNanos())));
        if (!h.params().isEmpty()) {
            StringBuilder p = new StringBuilder();
            h.params().forEach((k, v) -> p.append(p.isEmpty() ? "" : " ").append(esc(k)).append('=').append(esc(v)));
            out.printf("params    %s%n", p);
        }
        out.printf("ends      %s%n", esc(s.cut() != null ? "cut: " + s.cut() : s.end() == null ? "?" : s.end()));
        out.printf("%n%-24s %-24s %6s %10s %10s%n", "MAP", "STRUCT", "SIZE", "RECORDS", "DROPPED");
        for (int i = 0; i < h.streams().size(); i++) {
            RecordingHeader.Stream st = h.streams().get(i);
            out.printf("%-24s %-24s %6d %10d %10d%n", esc(st.map()), esc(st.struct()), st.size(), s.records()[i],
                    s.dropped()[i]);
        }
        out.flush();
    }

    private static String esc(String s) {
        return Printable.escaped(s);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
