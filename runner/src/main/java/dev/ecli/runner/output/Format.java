package dev.ecli.runner.output;

/** How events are written to stdout ({@code -o}): an aligned table, JSON lines, YAML documents, or nothing. */
public enum Format { table, json, yaml, none }
