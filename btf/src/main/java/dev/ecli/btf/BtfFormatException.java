package dev.ecli.btf;

/**
 * Thrown when ELF or BTF bytes are malformed: truncated, out-of-range offsets, bad magic,
 * unknown kinds, reference cycles. The message names what is wrong and where.
 */
public class BtfFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BtfFormatException(String message) {
        super(message);
    }

    public BtfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
