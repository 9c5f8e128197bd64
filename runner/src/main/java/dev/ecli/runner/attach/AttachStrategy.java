package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfLink;
import dev.ecli.runner.libbpf.BpfProgram;

/**
 * How one family of sections gets attached (auto via libbpf, later tc, xdp, uprobe by
 * parameter, perf_event), one class each. {@link Attacher} asks each strategy in turn.
 */
public interface AttachStrategy {
    /** Whether this strategy attaches {@code program} (typically decided by its section). */
    boolean accepts(BpfProgram program);

    /**
     * Attaches a loaded program.
     * @throws BpfException one line naming the program and its section
     */
    BpfLink attach(BpfProgram program) throws BpfException;
}
