/**
 * Turns raw event bytes into values, driven only by BTF.
 *
 * <p>{@link dev.ecli.runner.decode.DecodePlan#compile} walks a struct's BTF once and produces a
 * tree of {@link dev.ecli.runner.decode.Field}s; each record is then decoded by walking that
 * tree and calling a {@link dev.ecli.runner.decode.ValueVisitor}, so sinks receive values
 * without the decoder allocating per record. Nothing here knows libbpf, packages or the CLI.
 */
package dev.ecli.runner.decode;
