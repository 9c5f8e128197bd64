package dev.ecli.runner.filter;

/** A filter or field list that does not parse or names no field; one-line message. */
public class FilterException extends Exception {
    private static final long serialVersionUID = 1L;

    public FilterException(String message) {
        super(message);
    }
}
