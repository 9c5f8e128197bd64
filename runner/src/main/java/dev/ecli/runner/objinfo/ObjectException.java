package dev.ecli.runner.objinfo;

/**
 * An object that cannot be read: the file is unreadable, is not ELF, or its ELF or BTF is
 * malformed. The message is one line and names the object ({@code prog.bpf.o: ...} or
 * {@code cannot read prog.bpf.o: ...}).
 */
public class ObjectException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the object; {@code cause} is the reader's exception */
    public ObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
