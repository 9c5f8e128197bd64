/**
 * What a BPF object declares, read from its ELF and BTF without libbpf or a kernel: programs and
 * their attach points ({@link dev.ecli.runner.objinfo.ObjectFacts},
 * {@link dev.ecli.runner.objinfo.AttachPoints}), BTF-defined maps, and global variables with their
 * initial values ({@link dev.ecli.runner.objinfo.Values}). Shared by {@code build}, {@code validate}
 * and {@code inspect}.
 */
package dev.ecli.runner.objinfo;
