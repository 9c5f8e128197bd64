package dev.ecli.btf;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code java -cp ecli-btf.jar dev.ecli.btf.BtfDumpMain FILE [BASE]}: prints FILE's BTF as
 * {@code bpftool [-B BASE] btf dump file FILE} does. FILE is a {@code .bpf.o} or raw BTF;
 * BASE, when given, makes FILE split BTF on top of it. Exit code 0, 1 on malformed input or
 * an unreadable file, 2 on bad usage.
 */
public final class BtfDumpMain {
    private BtfDumpMain() {}

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command, writing the dump to {@code out} and messages to {@code err}; returns the exit code. */
    static int run(String[] args, OutputStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: BtfDumpMain FILE [BASE]");
            return 2;
        }
        try {
            Btf btf = args.length == 2 ? Btf.readSplit(Path.of(args[0]), Btf.read(Path.of(args[1])))
                    : Btf.read(Path.of(args[0]));
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            BtfDumper.dump(btf, w);
            w.flush();
            return 0;
        } catch (BtfFormatException e) {
            err.println("btf dump: " + e.getMessage());
        } catch (UncheckedIOException e) {
            err.println("btf dump: cannot read: " + e.getCause().getMessage());
        } catch (IOException e) {
            err.println("btf dump: cannot write: " + e.getMessage());
        }
        return 1;
    }
}
