package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.libbpf.TcHook;

/**
 * Attaches one tc classifier to an interface named at run time, on its clsact qdisc (added
 * when missing, removed at exit when added here), as a direct-action filter.
 *
 * @param program the program's name
 * @param ifname  the interface
 * @param egress  egress rather than ingress
 */
public record TcAttach(String program, String ifname, boolean egress) implements AttachStrategy {
    @Override
    public boolean accepts(BpfProgram p) {
        return p.name().equals(program);
    }

    @Override
    public Attachment attach(BpfProgram p) throws BpfException {
        TcHook hook = TcHook.attach(p, XdpAttach.ifindex(p, ifname), ifname, egress ? TcHook.EGRESS : TcHook.INGRESS);
        return hook::close;
    }
}
