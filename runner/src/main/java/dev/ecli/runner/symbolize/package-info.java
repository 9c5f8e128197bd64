/**
 * Names for user-space addresses: a process's mappings ({@code /proc/PID/maps}), the ELF
 * symbols of the files mapped (with PIE and shared-library bias, debug files found by
 * {@code .gnu_debuglink}), and JIT maps ({@code /tmp/perf-PID.map}). Pure Java on the btf
 * module's ELF reader; caches are bounded. Knows nothing of maps, sessions or output.
 */
package dev.ecli.runner.symbolize;
