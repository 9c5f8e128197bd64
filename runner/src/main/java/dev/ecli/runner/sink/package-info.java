/**
 * Sinks that send decoded events off the machine, chosen with {@code --sink URI}. Each is an
 * {@link dev.ecli.runner.output.Sink} like the table and JSON outputs, so the run loop does not
 * know them apart: {@link dev.ecli.runner.sink.Sinks} makes one from its URI.
 *
 * <p>A remote sink must never hold up the thread that reads the ring buffers: events go to a
 * {@link dev.ecli.runner.sink.DeliveryQueue}, bounded in events and bytes, that a thread of the
 * sink's own drains. What does not fit while the destination is away is dropped and counted
 * ({@link dev.ecli.runner.output.Sink#dropped()}).
 */
package dev.ecli.runner.sink;
