package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus metric read from a map ({@code metrics.NAME}), served by {@code run --metrics}:
 * each key of the map is one series, its labels decoded from key fields, its number from the
 * value (per-CPU values summed). Keys whose labels are equal are added up.
 *
 * @param type      {@code counter}, {@code gauge} or {@code histogram}
 * @param map       the map in the object (hash, LRU hash or array, per-CPU or not)
 * @param help      the metric's HELP text; null: a default naming the map
 * @param value     counter and gauge: the value's integer field; null: the value itself, or its only integer field
 * @param labels    the key fields (and, for histograms, value fields besides the bucket counts) that become
 *                  labels, in order; null: every key field (histograms: and those value fields); empty: none
 * @param fields    formats of label fields, by field name; fields not listed take {@code maps.MAP.fields}'s
 * @param histogram histogram: the bucket counts and their kind; null: {@code maps.MAP.histogram}
 * @param maxSeries at most this many series; keys past it are left out and counted; null: {@link #DEFAULT_MAX_SERIES}
 */
public record MetricSpec(String type, String map, String help, String value, List<String> labels,
                         Map<String, FieldSpec> fields, HistogramSpec histogram,
                         @JsonProperty("max-series") Integer maxSeries) {
    /** Values read as they are (running totals). */
    public static final String COUNTER = "counter";
    /** Values that go up and down. */
    public static final String GAUGE = "gauge";
    /** Bucket counts, as a Prometheus histogram. */
    public static final String HISTOGRAM = "histogram";
    /** Series per metric when the manifest sets no {@code max-series}. */
    public static final int DEFAULT_MAX_SERIES = 1000;

    public MetricSpec {
        labels = labels == null ? null : List.copyOf(labels);
        fields = Manifest.ordered(fields);
    }

    /** The series cap in force. */
    public int seriesCap() {
        return maxSeries == null ? DEFAULT_MAX_SERIES : maxSeries;
    }
}
