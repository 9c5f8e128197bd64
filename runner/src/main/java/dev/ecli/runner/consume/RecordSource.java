package dev.ecli.runner.consume;

import dev.ecli.runner.sys.SysException;

/** Something that delivers records when polled: a ring buffer or a perf buffer. */
public interface RecordSource extends AutoCloseable {
    /**
     * Delivers the records available, waiting up to {@code timeoutMillis} (0: no wait, -1:
     * forever) when there are none. A call may stop after about one buffer's worth, so that a
     * caller under a flood of events regains control; call again for the rest.
     * @return the number of records delivered (0 on timeout or when a signal interrupted the wait)
     * @throws SysException when waiting fails
     * @throws RingBufferException when the buffer's contents are inconsistent
     * @throws RuntimeException whatever {@code handler} threw; that record counts as consumed
     */
    int poll(int timeoutMillis, RecordHandler handler) throws SysException;

    /**
     * A descriptor that epoll reports readable while records wait (a ring buffer's map fd,
     * libbpf's epoll fd of a perf buffer's CPU rings), so one wait can cover many sources;
     * then {@code poll(0, ...)} takes them. Valid until {@link #close}.
     */
    int fd();

    /**
     * Records the kernel dropped and said so (a perf buffer's lost samples), so far; 0 for
     * sources that cannot know (a ring buffer's producer just fails to reserve).
     */
    default long lost() {
        return 0;
    }

    /** Releases the buffer; records handed out earlier must no longer be touched. Idempotent. */
    @Override
    void close();
}
