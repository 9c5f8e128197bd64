package dev.ecli.runner.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.runner.sample.Histogram;
import dev.ecli.runner.sample.MapSnapshot;
import dev.ecli.runner.stream.EventStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Prints sampled maps as JSON lines, one per row: {@code "_map"}, {@code "_time"} when the map
 * is printed every interval, then the key's and the value's fields as events have them. A row
 * shown as a histogram carries its key's fields and the value's other fields, then
 * {@code "unit"}, {@code "total"} and
 * {@code "buckets":[{"low":0,"high":1,"count":3},...]} (log2: 0-1, 2-3, 4-7...). A stack-id
 * field keeps its number and gains {@code FIELD_frames}, the stack's frames innermost first.
 */
public final class JsonSampleWriter implements SampleWriter {
    /** Made on first use: a run with no sampled map never loads Jackson's databind (~290 classes, tens of ms). */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private final OutputStream out;
    /** Only {@code --text} is taken from the run's options: rows carry their own time and map. */
    private final boolean withText;

    /** Rows as JSON lines; {@code options}' text fields apply. */
    public JsonSampleWriter(OutputStream out, OutputOptions options) {
        this.out = out;
        this.withText = options.textFields();
    }

    @Override
    public void write(MapSnapshot s, EventStream view) throws IOException {
        if (s.histograms() == null && s.frames() != null) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < s.rows().size(); i++) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                JsonSink json = new JsonSink(b, OutputOptions.NONE.tagging(true).timestamped(s.periodic()).withTextFields(withText));
                json.event(view, MemorySegment.ofArray(s.rows().get(i)));
                json.flush();
                ObjectNode n = (ObjectNode) Mapper.MAPPER.readTree(b.toByteArray());
                for (var e : s.frames().get(i).entrySet()) {
                    ArrayNode frames = n.putArray(e.getKey() + "_frames");
                    e.getValue().forEach(frames::add);
                }
                lines.append(Mapper.MAPPER.writeValueAsString(n)).append('\n');
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        if (s.histograms() == null) {
            JsonSink json = new JsonSink(out, OutputOptions.NONE.tagging(true).timestamped(s.periodic()).withTextFields(withText));
            for (byte[] row : s.rows()) {
                json.event(view, MemorySegment.ofArray(row));
            }
            json.flush();
            return;
        }
        String time = s.periodic() ? TIME.format(LocalDateTime.now()) : null;
        EventStream keys = view.withFields(s.labels().stream().filter(view.fields()::contains).toList());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < s.rows().size(); i++) {
            ObjectNode n = Mapper.MAPPER.createObjectNode();
            n.put("_map", s.map());
            if (time != null) {
                n.put("_time", time);
            }
            if (s.keyShown()) {
                n.setAll((ObjectNode) Mapper.MAPPER.readTree(keyJson(keys, s.rows().get(i))));
            }
            Histogram h = s.histograms().get(i);
            n.put("unit", h.unit());
            n.put("total", h.total());
            ArrayNode buckets = n.putArray("buckets");
            for (Histogram.Bucket b : h.buckets()) {
                buckets.addObject().put("low", b.low()).put("high", b.high()).put("count", b.count());
            }
            lines.append(Mapper.MAPPER.writeValueAsString(n)).append('\n');
        }
        out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The key's fields as one JSON object, decoded as events are. */
    private byte[] keyJson(EventStream keys, byte[] row) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        JsonSink sink = new JsonSink(b, OutputOptions.NONE.withTextFields(withText));
        sink.event(keys, MemorySegment.ofArray(row));
        sink.flush();
        return b.toByteArray();
    }
}
