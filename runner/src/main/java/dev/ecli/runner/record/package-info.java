/**
 * Recordings: every raw record a run reads from its ring and perf buffers, written as it came
 * (no decoding), with the package that made it, so that it can be decoded later and elsewhere
 * ({@code run --record FILE}, {@code replay FILE}). The format is {@code docs/recording.md}.
 */
package dev.ecli.runner.record;
