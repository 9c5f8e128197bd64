package dev.ecli.runner.sink;

/** A {@code --sink} URI that cannot be used; the message is one line naming what is wrong. */
public final class SinkUriException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, without the URI (the caller adds it) */
    public SinkUriException(String message) {
        super(message);
    }
}
