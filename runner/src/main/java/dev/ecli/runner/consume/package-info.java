/**
 * Consumers of kernel output, behind {@link dev.ecli.runner.consume.RecordSource}.
 * {@link dev.ecli.runner.consume.RingBuffer} is the position arithmetic of a BPF ring buffer,
 * testable on plain memory; {@link dev.ecli.runner.consume.RingBufferReader} maps a ring-buffer
 * map and waits on it with epoll (the one the runner uses);
 * {@link dev.ecli.runner.consume.LibbpfRingBufferReader} goes through libbpf's
 * {@code ring_buffer__poll} as a baseline. Records reach a
 * {@link dev.ecli.runner.consume.RecordHandler} as memory slices valid only during the call:
 * no copy, no allocation per record.
 */
package dev.ecli.runner.consume;
