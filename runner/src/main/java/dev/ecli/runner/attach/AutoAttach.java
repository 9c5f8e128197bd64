package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfLink;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.sys.SysException;
import dev.ecli.runner.sys.Tracefs;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets libbpf attach a program by its SEC name ({@code bpf_program__attach}), after mounting
 * tracefs when that section's attach goes through it. Accepts every program: libbpf itself
 * says when it cannot attach a section.
 */
public final class AutoAttach implements AttachStrategy {
    /** The one instance; it has no state. */
    public static final AutoAttach INSTANCE = new AutoAttach();

    private AutoAttach() {}

    /**
     * Attaches all autoload programs of a loaded object by section name; on failure, detaches
     * what was attached and throws.
     * @throws BpfException naming the program and section that failed
     */
    public static List<BpfLink> attachAll(BpfObject object) throws BpfException {
        List<BpfLink> links = new ArrayList<>();
        try {
            for (BpfProgram p : object.programs()) {
                if (p.autoload()) {
                    links.add(link(p));
                }
            }
            return links;
        } catch (BpfException | RuntimeException e) {
            links.forEach(BpfLink::close);
            throw e;
        }
    }

    @Override
    public boolean accepts(BpfProgram program) {
        return true;
    }

    /** @throws BpfException naming the program and section, with a hint for known kernel limits */
    @Override
    public Attachment attach(BpfProgram program) throws BpfException {
        return Attachment.of(link(program));
    }

    /** Attaches by section name; the link, or a BpfException naming program and section. */
    static BpfLink link(BpfProgram program) throws BpfException {
        if (needsTracefs(program.section())) {
            try {
                Tracefs.ensureMounted();
            } catch (SysException e) {
                throw new BpfException("attach program " + program + ": " + e.getMessage(), e.errno(), "");
            }
        }
        return program.attach();
    }

    /**
     * Sections whose attach reads tracefs: tracepoints (event ids), and kprobes, uprobes and
     * USDT when libbpf falls back to the legacy tracefs interface.
     */
    static boolean needsTracefs(String section) {
        return section.startsWith("tp/") || section.startsWith("tracepoint/")
                || section.startsWith("kprobe/") || section.startsWith("kretprobe/")
                || section.startsWith("ksyscall/") || section.startsWith("kretsyscall/")
                || section.startsWith("uprobe") || section.startsWith("uretprobe")
                || section.startsWith("usdt");
    }
}
