package dev.ecli.runner.params;

/** A parameter value that does not fit its variable's type; the message names the option. */
public class ParamException extends Exception {
    private static final long serialVersionUID = 1L;

    public ParamException(String message) {
        super(message);
    }
}
