package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfProgram;

/**
 * Attaches one program to a USDT probe (provider and name) in a binary chosen at run time,
 * through libbpf's USDT support (the program must be {@code SEC("usdt")} and read its
 * arguments with {@code bpf_usdt_arg}).
 *
 * @param program  the program's name
 * @param process      one process, or -1 for all
 * @param binary   the resolved path
 * @param provider the probe's provider
 * @param probe    the probe's name
 */
public record UsdtAttach(String program, int process, String binary, String provider, String probe)
        implements AttachStrategy {
    @Override
    public boolean accepts(BpfProgram p) {
        return p.name().equals(program);
    }

    @Override
    public Attachment attach(BpfProgram p) throws BpfException {
        return Attachment.of(p.attachUsdt(process, binary, provider, probe));
    }
}
