package dev.ecli.runner.format;

/** Turns a field's raw integer (already sign- or zero-extended) into text for people. */
@FunctionalInterface
public interface ValueFormat {
    String format(long value);
}
