package dev.ecli.runner.cli;

/** Exit codes of every command; listed in {@code --help}. */
public final class ExitCodes {
    /** Success, including a stop by Ctrl-C, SIGTERM, SIGHUP, --duration, --max-events or a closed pipe. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug: please report it). */
    public static final int SOFTWARE = 1;
    /** Bad command-line usage, or a closed stdout where output would go. */
    public static final int USAGE = 2;
    /** The package is invalid: manifest, object, BTF or exported types. */
    public static final int PACKAGE = 3;
    /** The kernel refused: load, verifier, attach, or a missing kernel feature. */
    public static final int KERNEL = 4;
    /** Not enough privilege: needs root or CAP_BPF with CAP_PERFMON. */
    public static final int PERMISSION = 5;
    /** A package could not be fetched: registry or URL unreachable, unauthorized, no such tag. */
    public static final int FETCH = 6;
    /** {@code --record} could not write its file (a full disk): the run stopped, its summary printed. */
    public static final int RECORD = 7;


    private ExitCodes() {}
}
