/**
 * Prometheus metrics for {@code run --metrics ADDR}: the runner's own (events, drops, short
 * records, program run totals) and those the manifest declares ({@code metrics:}), read from
 * maps when Prometheus scrapes, on the HTTP server's thread, never the ring consumer's. The
 * model and the text exposition are Prometheus's Java client's.
 */
package dev.ecli.runner.metrics;
