package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.sys.Interfaces;
import dev.ecli.runner.sys.SysException;

/**
 * Attaches one XDP program to a network interface named at run time, through a BPF link: the
 * kernel detaches it when the link closes, even if the runner dies.
 *
 * @param program the program's name
 * @param ifname  the interface
 */
public record XdpAttach(String program, String ifname) implements AttachStrategy {
    @Override
    public boolean accepts(BpfProgram p) {
        return p.name().equals(program);
    }

    @Override
    public Attachment attach(BpfProgram p) throws BpfException {
        return Attachment.of(p.attachXdp(ifindex(p, ifname), ifname));
    }

    /** The interface's index, or a BpfException naming the program and the interfaces there are. */
    static int ifindex(BpfProgram p, String ifname) throws BpfException {
        try {
            return Interfaces.index(ifname);
        } catch (SysException e) {
            throw new BpfException("attach program " + p + ": " + e.getMessage(), e.errno(), "");
        }
    }
}
