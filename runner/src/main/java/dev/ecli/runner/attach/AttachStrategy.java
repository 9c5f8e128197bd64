package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfProgram;

/**
 * How one family of sections, or one program the manifest says how to attach, gets attached:
 * by section name through libbpf ({@link AutoAttach}), a uprobe on a binary and symbol from
 * parameters ({@link UprobeAttach}), USDT ({@link UsdtAttach}), xdp and tc on an interface
 * ({@link XdpAttach}, {@link TcAttach}), sampling perf events ({@link PerfEventAttach}), or
 * not at all ({@link ManualAttach}). {@link Attacher} asks each strategy in turn.
 */
public interface AttachStrategy {
    /** Whether this strategy attaches {@code program} (by its name or its section). */
    boolean accepts(BpfProgram program);

    /**
     * Attaches a loaded program.
     * @throws BpfException one line naming the program and its section
     */
    Attachment attach(BpfProgram program) throws BpfException;
}
