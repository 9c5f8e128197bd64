package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A map the runner reads and prints by itself ({@code maps.NAME}): every {@code interval}
 * milliseconds and when the run stops, each key with its value (per-CPU values summed), as
 * rows or as a histogram. Every part is optional.
 *
 * @param description what the map holds
 * @param interval    milliseconds between prints, or {@code ${param}}; null: print once, at the end
 * @param clear       empty the map after each print (per-interval counts); false: cumulative
 * @param histogram   show each value as a histogram; null: as rows
 * @param top         print only this many rows, largest {@code sort} first
 * @param sort        the value field rows are ordered by (largest first); null: key order
 * @param keyName     the column of a key that is a plain number (default {@code key})
 * @param valueName   the column of a value that is a plain number (default {@code value})
 * @param fields      display of key and value fields, by field name
 * @param stacks      fields holding stack ids, and the stack maps their frames are in, by field name
 * @param count       stop the run after this many prints at {@code interval}, or {@code ${param}}
 *                    (a C tool's positional {@code count}); null: no limit
 */
public record MapSpec(String description, String interval, boolean clear, HistogramSpec histogram, Integer top,
                      String sort, @JsonProperty("key-name") String keyName,
                      @JsonProperty("value-name") String valueName, Map<String, FieldSpec> fields,
                      Map<String, StackSpec> stacks, String count) {
    public MapSpec {
        fields = Manifest.ordered(fields);
        stacks = Manifest.ordered(stacks);
    }

    /** The same map with {@code fields} as its per-field settings. */
    public MapSpec withFields(Map<String, FieldSpec> fields) {
        return new MapSpec(description, interval, clear, histogram, top, sort, keyName, valueName, fields, stacks, count);
    }

    /** A map printed without a count limit. */
    public MapSpec(String description, String interval, boolean clear, HistogramSpec histogram, Integer top,
                   String sort, String keyName, String valueName, Map<String, FieldSpec> fields,
                   Map<String, StackSpec> stacks) {
        this(description, interval, clear, histogram, top, sort, keyName, valueName, fields, stacks, null);
    }
}
