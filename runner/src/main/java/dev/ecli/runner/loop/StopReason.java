package dev.ecli.runner.loop;

/** Why a run stopped; {@link #text} is what the closing summary line says. */
public enum StopReason {
    /** SIGINT (Ctrl-C). */
    INTERRUPT("interrupt"),
    /** SIGTERM. */
    TERMINATED("terminated"),
    /** SIGHUP: the terminal or session went away. */
    HANGUP("hangup"),
    /** {@code --duration} elapsed. */
    DURATION("--duration reached"),
    /** {@code --max-events} events were written. */
    MAX_EVENTS("--max-events reached"),
    /** The sampled maps printed as many times as their count says. */
    COUNT("count of prints reached"),
    /** The reader of our output went away (a closed pipe): nothing more can be written. */
    OUTPUT_CLOSED("output closed"),
    /** {@code --record} could not write its file (a full disk): the run's purpose is gone. */
    RECORDING_FAILED("--record could not write");

    private final String text;

    StopReason(String text) {
        this.text = text;
    }

    /** The reason as users read it, e.g. {@code --duration reached}. */
    public String text() {
        return text;
    }
}
