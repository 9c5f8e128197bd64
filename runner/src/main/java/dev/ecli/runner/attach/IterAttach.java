package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfLink;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.sys.FdStreams;
import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.SysException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Attaches a BPF iterator ({@code SEC("iter/task")}...) and runs it once: reading the
 * iterator's file makes the kernel call the program for every object (task, map, socket...).
 * What the program prints with {@code bpf_seq_printf} goes to {@code out}; what it sends to a
 * ring buffer is read as any event.
 *
 * @param out where the iterator's text goes (the run's standard output)
 */
public record IterAttach(OutputStream out) implements AttachStrategy {
    private static final int EOPNOTSUPP = 95;

    @Override
    public boolean accepts(BpfProgram p) {
        return AttachPlan.family(p.section()).equals("iter") || AttachPlan.family(p.section()).equals("iter.s");
    }

    @Override
    public Attachment attach(BpfProgram p) throws BpfException {
        BpfLink link = AutoAttach.link(p);
        try {
            int fd = link.openIterator();
            try {
                FdStreams.copy(fd, out);
                out.flush();
            } finally {
                Libc.close(fd);
            }
        } catch (IOException e) {
            link.close();
            throw new BpfException("run iterator " + p + ": " + e.getMessage(), EOPNOTSUPP, "");
        } catch (SysException e) {
            link.close();
            throw new BpfException("run iterator " + p + ": " + e.getMessage(), e.errno(), "");
        } catch (BpfException | RuntimeException e) {
            link.close();
            throw e;
        }
        return Attachment.of(link);
    }

    /** Standard output, unbuffered, not closed by anyone here. */
    public static IterAttach toStdout() {
        return new IterAttach(dev.ecli.runner.sys.StandardFds.stdout());
    }
}
