package dev.ecli.runner.params;

/**
 * A command-line value that parsed but makes no sense (a malformed reference, a size without
 * a unit, a policy that is none of the choices); the message names the option or argument.
 * Thrown outside the CLI too, wherever an option's value is first understood.
 */
public class OptionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one line, naming the option, without a trailing period */
    public OptionException(String message) {
        super(message);
    }
}
