package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.sys.SysException;
import dev.ecli.runner.sys.Tracefs;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Attaches one program as a uprobe or uretprobe on a binary and symbol chosen at run time
 * (the manifest's {@code programs.NAME.attach}, typically from parameters), which a section
 * name cannot do.
 *
 * @param program  the program's name
 * @param retprobe a uretprobe (on return) rather than a uprobe (on entry)
 * @param binary   the resolved path, or a library name for libbpf to find
 * @param symbol   the function, or null to use {@code offset} as a file offset
 * @param offset   bytes past the symbol
 * @param process      one process, or -1 for all
 */
public record UprobeAttach(String program, boolean retprobe, String binary, String symbol, long offset, int process)
        implements AttachStrategy {
    @Override
    public boolean accepts(BpfProgram p) {
        return p.name().equals(program);
    }

    @Override
    public Attachment attach(BpfProgram p) throws BpfException {
        try {
            Tracefs.ensureMounted();
        } catch (SysException e) {
            // Only the legacy interface needs tracefs; the uprobe PMU does not. Let libbpf try.
        }
        if (binary.contains("/") && !Files.isRegularFile(Path.of(binary))) {
            throw new BpfException("attach program " + p + ": no such file " + binary, ENOENT, "");
        }
        try {
            return Attachment.of(p.attachUprobe(retprobe, process, binary, symbol, offset));
        } catch (BpfException e) {
            if (e.errno() == ENOENT && symbol != null) {
                throw new BpfException("attach program " + p + ": no function '" + symbol + "' in " + binary
                        + " (its symbols: nm -D " + binary + ")", ENOENT, e.log());
            }
            throw e;
        }
    }

    private static final int ENOENT = 2;
}
