package dev.ecli.runner.record;

/** A recording that cannot be written or read on, with one line saying where and why. */
public final class RecordingException extends Exception {
    /** A message naming the file and, when reading, the byte where the problem is. */
    public RecordingException(String message) {
        super(message);
    }

    /** As {@link #RecordingException(String)}, keeping the cause. */
    public RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
