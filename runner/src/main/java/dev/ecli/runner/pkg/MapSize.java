package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Sizes set on a map before load ({@code sizes.MAP}), as a C frontend calls
 * {@code bpf_map__set_max_entries} and {@code bpf_map__set_value_size}: for maps whose definition
 * leaves them open (a stack-trace map's value size is the stack depth times 8). Each is null to
 * keep the object's, or an integer expression: numbers and {@code ${param}} joined by {@code *},
 * {@code +} (e.g. {@code ${perf_max_stack_depth} * 8}).
 *
 * @param maxEntries the number of entries
 * @param valueSize  the value's size in bytes
 */
public record MapSize(@JsonProperty("max-entries") String maxEntries, @JsonProperty("value-size") String valueSize) {}
