package dev.ecli.runner.output;

/**
 * How events are written to stdout ({@code -o}): an aligned table, JSON lines, YAML documents,
 * sampled stacks in the folded format of flame graph tools, or nothing.
 */
public enum Format { table, json, yaml, folded, none }
