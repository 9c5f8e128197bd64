/**
 * A small read-only ELF64 reader: the section table, section contents and the symbol table,
 * which is all the BTF reader needs from a {@code .bpf.o}.
 *
 * <p>Both byte orders are read (the order comes from {@code EI_DATA}); only 64-bit objects are
 * accepted. Every offset and size read from the file is checked against the file before it is
 * used, and a bad one becomes a {@link dev.ecli.btf.BtfFormatException} naming the header,
 * section or symbol. Program headers, relocations and dynamic sections are not read.
 *
 * <p>{@link dev.ecli.elf.EmbeddedElf} finds objects embedded in other files (a libbpf skeleton
 * binary keeps its BPF object's bytes in {@code .rodata}).
 */
package dev.ecli.elf;
