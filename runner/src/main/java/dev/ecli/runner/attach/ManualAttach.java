package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfProgram;

/**
 * Leaves one program loaded but unattached (the manifest's {@code attach: manual}): a
 * subprogram for tail calls, or one another tool attaches.
 *
 * @param program the program's name
 */
public record ManualAttach(String program) implements AttachStrategy {
    @Override
    public boolean accepts(BpfProgram p) {
        return p.name().equals(program);
    }

    @Override
    public Attachment attach(BpfProgram p) {
        return () -> { };
    }
}
