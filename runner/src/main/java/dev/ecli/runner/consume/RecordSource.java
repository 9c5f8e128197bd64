package dev.ecli.runner.consume;

import dev.ecli.runner.sys.SysException;

/** Something that delivers records when polled: a ring buffer, a perf buffer. */
public interface RecordSource extends AutoCloseable {
    /**
     * Delivers every available record, waiting up to {@code timeoutMillis} for the first.
     * @return the number of records delivered
     * @throws SysException when waiting fails
     * @throws RingBufferException when the ring's contents are inconsistent
     */
    int poll(int timeoutMillis, RecordHandler handler) throws SysException;

    @Override
    void close();
}
