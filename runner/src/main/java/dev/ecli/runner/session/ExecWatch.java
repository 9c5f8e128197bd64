package dev.ecli.runner.session;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The runner's own small BPF program for {@code --enrich} ({@code runner/src/main/bpf/exec_args.bpf.c}):
 * at every exec it keeps the new command line by process id in an LRU map (and at every fork of
 * a process, the parent's for the child), so a process that exits before its events are
 * decoded, or that exec'd since, still gets the right one. Lookups
 * may come from any thread; valid until {@link #close}.
 */
public final class ExecWatch implements AutoCloseable {
    private static final String OBJECT = "exec_args.bpf.o";
    private final BpfObject object;
    private final BpfMap args;

    private ExecWatch(BpfObject object) {
        this.object = object;
        this.args = object.map("exec_args").orElseThrow();
    }

    /**
     * Loads and attaches the program, relocating against {@code kernelBtf} when not null.
     * @throws BpfException when libbpf or the kernel refuses it
     */
    public static ExecWatch start(Path kernelBtf) throws BpfException {
        byte[] elf;
        try (InputStream in = ExecWatch.class.getResourceAsStream(OBJECT)) {
            if (in == null) {
                throw new BpfException(OBJECT + " is missing from the runner", 2, "");
            }
            elf = in.readAllBytes();
        } catch (IOException e) {
            throw new BpfException(OBJECT + ": " + e.getMessage(), 5, "");
        }
        BpfObject object = BpfObject.open(elf, "ecli_exec_args", kernelBtf);
        try {
            object.load();
            for (BpfProgram p : object.programs()) {
                p.attach(); // closed with the object
            }
            return new ExecWatch(object);
        } catch (BpfException | RuntimeException e) {
            object.close();
            throw e;
        }
    }

    /**
     * The command line process {@code processId} had at its last exec (or fork) since the watch began, its
     * arguments joined by spaces; null when it has not exec'd since (or was evicted).
     */
    public byte[] cmdline(int processId) {
        byte[] v;
        try {
            v = args.lookup(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(processId).array());
        } catch (BpfException e) {
            return null;
        }
        if (v == null) {
            return null;
        }
        int n = Math.min(ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt(0), v.length - 4);
        while (n > 0 && v[4 + n - 1] == 0) {
            n--;
        }
        if (n <= 0) {
            return null;
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = v[4 + i] == 0 ? (byte) ' ' : v[4 + i];
        }
        return out;
    }

    @Override
    public void close() {
        object.close();
    }
}
