package dev.ecli.runner.consume;

/** A ring buffer's header or positions are inconsistent: reading on would leave the ring. */
public class RingBufferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RingBufferException(String message) {
        super(message);
    }
}
