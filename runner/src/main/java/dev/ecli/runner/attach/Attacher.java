package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import java.util.ArrayList;
import java.util.List;

/** Attaches every autoload program of a loaded object with the first strategy that accepts it. */
public final class Attacher {
    private static final int EOPNOTSUPP = 95;

    private Attacher() {}

    /**
     * Attaches all autoload programs, in ELF order; on any failure detaches what was attached
     * and throws.
     * @param strategies asked in order; the first that accepts a program attaches it
     * @return what each attached program left, in ELF order
     * @throws BpfException naming the program and section that failed, or that no strategy takes
     */
    public static List<Attachment> attachAll(BpfObject object, List<? extends AttachStrategy> strategies)
            throws BpfException {
        List<Attachment> done = new ArrayList<>();
        try {
            for (BpfProgram p : object.programs()) {
                if (p.autoload()) {
                    done.add(strategyFor(p, strategies).attach(p));
                }
            }
            return done;
        } catch (BpfException | RuntimeException e) {
            for (int i = done.size() - 1; i >= 0; i--) {
                done.get(i).close();
            }
            throw e;
        }
    }

    private static AttachStrategy strategyFor(BpfProgram p, List<? extends AttachStrategy> strategies)
            throws BpfException {
        for (AttachStrategy s : strategies) {
            if (s.accepts(p)) {
                return s;
            }
        }
        throw new BpfException("attach program " + p + ": no way to attach this section", EOPNOTSUPP, "");
    }
}
