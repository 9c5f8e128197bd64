/**
 * {@code ecli-java build}: compiles a package's {@code *.bpf.c} with clang against a
 * {@code vmlinux.h} made from the running kernel's BTF, keeps the structs of the package's headers
 * in the object's BTF without the author writing anything ({@link dev.ecli.runner.build.HeaderScan},
 * {@link dev.ecli.runner.build.BpfCompiler}), strips DWARF, and writes or completes the manifest
 * from the object's BTF, only adding what the author has not written
 * ({@link dev.ecli.runner.build.ManifestMerger}). {@link dev.ecli.runner.build.PackageBuilder} runs
 * the steps.
 */
package dev.ecli.runner.build;
