/**
 * What a stream of records looks like to its readers: {@link dev.ecli.runner.stream.EventStream}
 * (the map, the decode plan, the fields shown in order, their formats and widths, the filter),
 * built once by {@link dev.ecli.runner.stream.StreamView} from the BTF fields and the manifest's
 * field settings, and {@link dev.ecli.runner.stream.TextValue} (a field's value as a table cell
 * shows it). Exports, sampled maps, metric labels, {@code --top}, filters, sinks and replay all
 * read values through a stream, so a new field meaning is added here once.
 */
package dev.ecli.runner.stream;
