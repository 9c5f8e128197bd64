package dev.ecli.runner.session;

/** The process lacks the privilege to load BPF programs. One-line message. */
public class PrivilegeException extends Exception {
    private static final long serialVersionUID = 1L;

    public PrivilegeException(String message) {
        super(message);
    }
}
