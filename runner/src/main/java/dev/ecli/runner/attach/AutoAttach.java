package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfLink;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.sys.SysException;
import dev.ecli.runner.sys.Tracefs;
import java.util.ArrayList;
import java.util.List;

/** Attaches every loaded program through {@code bpf_program__attach}, by its SEC name. */
public final class AutoAttach {
    private AutoAttach() {}

    /**
     * Attaches all autoloaded programs of a loaded object; on failure, detaches what was
     * attached and throws.
     * @throws BpfException naming the program and section that failed
     */
    public static List<BpfLink> attachAll(BpfObject object) throws BpfException {
        List<BpfLink> links = new ArrayList<>();
        try {
            for (BpfProgram p : object.programs()) {
                if (!p.autoload()) {
                    continue;
                }
                if (needsTracefs(p.section())) {
                    ensureTracefs(p);
                }
                links.add(p.attach());
            }
            return links;
        } catch (BpfException | RuntimeException e) {
            for (BpfLink l : links) {
                l.close();
            }
            throw e;
        }
    }

    /** Sections libbpf attaches through tracefs event ids or probe files. */
    static boolean needsTracefs(String section) {
        return section.startsWith("tp/") || section.startsWith("tracepoint/")
                || section.startsWith("kprobe/") || section.startsWith("kretprobe/")
                || section.startsWith("uprobe") || section.startsWith("uretprobe")
                || section.startsWith("usdt");
    }

    private static void ensureTracefs(BpfProgram p) throws BpfException {
        try {
            Tracefs.ensureMounted();
        } catch (SysException e) {
            throw new BpfException("attach program " + p.name() + " (SEC " + p.section() + "): " + e.getMessage(),
                    e.errno(), "");
        }
    }
}
