/**
 * Map sampling: reading a hash or array map (per-CPU or not) every interval, as the manifest's
 * {@code maps:} asks. {@link dev.ecli.runner.sample.MapLayout} finds a map's key and value
 * types in BTF, {@link dev.ecli.runner.sample.MapSampler} reads (and optionally clears) the map
 * into a {@link dev.ecli.runner.sample.MapSnapshot} (per-CPU values summed, rows sorted and cut
 * to the top N), and {@link dev.ecli.runner.sample.Histogram} turns a value's array of bucket
 * counts into labelled buckets. Rendering is in {@code output}.
 */
package dev.ecli.runner.sample;
