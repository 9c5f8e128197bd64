package dev.ecli.runner.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest (the Maven project version). */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"ecli-java " + (v == null ? "dev" : v)};
    }
}
