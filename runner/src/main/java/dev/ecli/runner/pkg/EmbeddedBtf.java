package dev.ecli.runner.pkg;

/**
 * Kernel BTF a package carries for one kernel release, for kernels that have no
 * {@code /sys/kernel/btf/vmlinux}: usually minimized to the types the object's CO-RE relocations
 * need ({@code bpftool gen min_core_btf}, which {@code ecli-java build --btfgen} runs).
 *
 * @param file the BTF file, relative to the package directory and inside it
 */
public record EmbeddedBtf(String file) {}
