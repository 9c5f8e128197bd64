package dev.ecli.runner.cli;

/** Entry point of the {@code ecli-java} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
