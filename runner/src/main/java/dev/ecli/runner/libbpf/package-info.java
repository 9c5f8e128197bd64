/**
 * FFM bindings to libbpf.so.1 (Debian libbpf 1.1.2; only APIs present there). {@link
 * dev.ecli.runner.libbpf.LibBpf} holds every downcall with its C signature; the object classes
 * ({@link dev.ecli.runner.libbpf.BpfObject}, {@link dev.ecli.runner.libbpf.BpfProgram},
 * {@link dev.ecli.runner.libbpf.BpfMap}, {@link dev.ecli.runner.libbpf.BpfLink}) wrap its
 * pointers. Failures are {@link dev.ecli.runner.libbpf.BpfException}s carrying errno and the
 * libbpf log of the failing call. Nothing here knows about packages.
 */
package dev.ecli.runner.libbpf;
