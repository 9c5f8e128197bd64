package dev.ecli.runner.libbpf;

/**
 * libbpf or the kernel refused an operation. {@link #getMessage()} is one line with a
 * lowercase context prefix; {@link #log()} keeps libbpf's full log of the failing call
 * (e.g. the verifier's), for {@code -v}.
 */
public class BpfException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final String log;

    /**
     * @param message one line, with a lowercase context prefix ("attach program p (SEC ...): why")
     * @param errno   the positive errno, or 0
     * @param log     libbpf's log of the failing call; null means none
     */
    public BpfException(String message, int errno, String log) {
        super(message);
        this.errno = errno;
        this.log = log == null ? "" : log;
    }

    /** The positive errno, or 0 when none applies. */
    public int errno() {
        return errno;
    }

    /** libbpf's log lines written during the failing call; may be empty. */
    public String log() {
        return log;
    }
}
