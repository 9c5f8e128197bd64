package dev.ecli.runner.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest (the Maven project version). */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {text()};
    }

    /** {@code ecli-java VERSION}, as {@code --version} prints it. */
    static String text() {
        String v = Version.class.getPackage().getImplementationVersion();
        return "ecli-java " + (v == null ? "dev" : v);
    }
}
