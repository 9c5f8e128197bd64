package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * One program attached to several targets (the manifest's {@code attach} as a list): a uprobe on
 * each of several functions, as a C frontend attaches one program once per symbol. All or none:
 * when one target fails, those attached are detached.
 *
 * @param program the program's name
 * @param targets one strategy per target, in manifest order
 */
public record MultiAttach(String program, List<AttachStrategy> targets) implements AttachStrategy {
    public MultiAttach {
        targets = List.copyOf(targets);
    }

    @Override
    public boolean accepts(BpfProgram p) {
        return p.name().equals(program);
    }

    @Override
    public Attachment attach(BpfProgram p) throws BpfException {
        List<Attachment> done = new ArrayList<>();
        try {
            for (AttachStrategy t : targets) {
                done.add(t.attach(p));
            }
        } catch (BpfException | RuntimeException e) {
            for (int i = done.size() - 1; i >= 0; i--) {
                done.get(i).close();
            }
            throw e;
        }
        List<Attachment> all = List.copyOf(done);
        return () -> {
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).close();
            }
        };
    }
}
