package dev.ecli.runner.decode;

/** The exported type cannot be decoded: not a struct, unsized, or too deep. One-line message. */
public class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
