package dev.ecli.runner.output;

/**
 * How events are written to stdout ({@code -o}): an aligned table, JSON lines, YAML documents,
 * sampled stacks in the folded format of flame graph tools or as an SVG flame graph, or nothing.
 */
public enum Format { table, json, yaml, folded, flamegraph, none }
