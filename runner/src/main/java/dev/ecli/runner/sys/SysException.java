package dev.ecli.runner.sys;

/** A system call failed; {@link #errno()} says why. One-line message. */
public class SysException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public SysException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The errno of the failed call (positive). */
    public int errno() {
        return errno;
    }
}
