package dev.ecli.runner.pkg;

/**
 * A BPF object taken from inside another file ({@code object: {embedded-in: ..., provided-by:
 * ...}}): a libbpf skeleton binary keeps its object's ELF bytes in its {@code .rodata}, so a
 * tool installed from a distribution package can be run from its own object, with nothing copied.
 *
 * @param binary     the file holding the object: an absolute path
 * @param providedBy who installs that file, named in the error when it is missing (e.g.
 *                   {@code Debian package libbpf-tools}); null when not said
 */
public record EmbeddedObject(String binary, String providedBy) {}
