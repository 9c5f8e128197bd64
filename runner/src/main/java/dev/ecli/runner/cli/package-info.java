/**
 * The {@code ecli-java} command line (picocli). Commands are thin: they parse options, call
 * the session, decode and output parts, and let {@link dev.ecli.runner.cli.Errors} turn every
 * failure into one line on stderr and an exit code from {@link dev.ecli.runner.cli.ExitCodes}.
 */
package dev.ecli.runner.cli;
