/**
 * Bounds-checked reading of binary formats.
 *
 * <p>{@link dev.ecli.bytes.ByteCursor} reads fixed-width integers from a byte array in a byte
 * order chosen by the format's own header (ELF {@code EI_DATA}, the BTF magic). Every read is
 * checked against the cursor's window, and a read past the end becomes a
 * {@link dev.ecli.btf.BtfFormatException} that names the window ("BTF type section") and the
 * offset, never an {@link IndexOutOfBoundsException}. The ELF and BTF readers share it; it is
 * public only so that both packages can, and is not meant as a general-purpose buffer.
 */
package dev.ecli.bytes;
