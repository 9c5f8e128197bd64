/**
 * Reading BTF, the BPF Type Format: the type graph of a {@code .bpf.o} or of the kernel.
 *
 * <p>Start with {@link dev.ecli.btf.Btf}: {@code Btf.fromElf(ElfFile.read(path))} for an
 * object (with libbpf's DATASEC fix-up), {@code Btf.read(Path.of("/sys/kernel/btf/vmlinux"))}
 * for raw BTF, {@code Btf.readSplit(module, vmlinux)} for a kernel module. Types are
 * {@link dev.ecli.btf.BtfType} records that refer to each other by id; look them up with
 * {@link dev.ecli.btf.Btf#type}, {@link dev.ecli.btf.Btf#find} and lay them out with
 * {@link dev.ecli.btf.Btf#resolve}, {@link dev.ecli.btf.Btf#sizeOf},
 * {@link dev.ecli.btf.Btf#alignOf}.
 *
 * <p>One job per file: {@code BtfHeader} (wire header, byte order from the magic),
 * {@code BtfStrings} (string section), {@code TypeTable} (the checked walk of the type
 * section), {@code BtfDecoder} (wire record to {@code BtfType}), {@code BtfLayout}
 * (resolving, size, alignment), {@code DatasecFixup} (what libbpf does to a fresh object),
 * {@link dev.ecli.btf.CPrinter} (C declarations) and {@link dev.ecli.btf.BtfDumper} (the text of
 * {@code bpftool btf dump}).
 *
 * <p>Everything here is deterministic: the same bytes give the same result on any host.
 * Malformed input of any kind ends in one {@link dev.ecli.btf.BtfFormatException} whose message
 * names the section and offset.
 */
package dev.ecli.btf;
