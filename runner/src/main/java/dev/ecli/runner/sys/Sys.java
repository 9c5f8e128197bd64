package dev.ecli.runner.sys;

/** Small questions about the process's environment. */
public final class Sys {
    private Sys() {}

    /**
     * Whether {@code fd} reports an error or hang-up, without waiting: for a pipe's write end,
     * the reader went away ({@code | head -1} or {@code jq} quit), so a run loop can stop even
     * when no event comes to fail a write. False for terminals, files and open pipes.
     */
    public static boolean outputClosed(int fd) {
        short revents = Libc.pollNow(fd, (short) 0);
        return (revents & (Libc.POLLERR | Libc.POLLHUP)) != 0;
    }

    /** Whether the effective user is root. */
    public static boolean isRoot() {
        return Libc.geteuid() == 0;
    }

    /**
     * Whether {@code fd} is a terminal (0 stdin, 1 stdout, 2 stderr). Unlike
     * {@code System.console()}, which on JDK 22+ looks at stdin and stdout together, this asks
     * about one descriptor.
     */
    public static boolean isTerminal(int fd) {
        return Libc.isatty(fd);
    }
}
