package dev.ecli.runner.pkg;

/**
 * Notes on one BPF program of the object.
 *
 * @param description what the program hooks and why, or null
 */
public record Program(String description) {
}
