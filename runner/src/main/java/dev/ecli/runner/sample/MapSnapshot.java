package dev.ecli.runner.sample;

import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import java.util.List;
import java.util.Map;

/**
 * What one read of a sampled map found: one row per key (the key's bytes followed by the
 * value's, per-CPU values summed), ready to decode with {@code plan}, plus each row's histogram
 * when the manifest asks for one.
 *
 * @param map        the map's name
 * @param plan       decodes a row: the key's fields, then the value's
 * @param keyFields  how many of the plan's fields are the key's
 * @param labels     for histograms: the fields that say whose histogram it is (the key's, and the
 *                   value's other than the bucket counts); null for rows
 * @param rows       key and value bytes, in print order (sorted, cut to the top N)
 * @param histograms per row, the value as a histogram; null when rows are printed as rows
 * @param frames     per row, the frames of each stack-id field (innermost first); null when the map has none
 * @param keyShown   whether keys are worth printing (false for a one-slot array)
 * @param periodic   whether the map is printed every interval (prints then carry the time)
 * @param kernelStacks the stack-id fields whose frames are the kernel's
 * @param count      the field that counts a row (its sort field, else the value's first integer), or null
 */
public record MapSnapshot(String map, DecodePlan plan, int keyFields, List<Field> labels, List<byte[]> rows,
                          List<Histogram> histograms, List<Map<String, List<String>>> frames, boolean keyShown,
                          boolean periodic, java.util.Set<String> kernelStacks, String count) {
    public MapSnapshot {
        kernelStacks = kernelStacks == null ? java.util.Set.of() : java.util.Set.copyOf(kernelStacks);
        rows = List.copyOf(rows);
        labels = labels == null ? null : List.copyOf(labels);
        histograms = histograms == null ? null : List.copyOf(histograms);
        frames = frames == null ? null : List.copyOf(frames);
    }
}
