package dev.ecli.btf;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code java -cp ecli-btf.jar dev.ecli.btf.BtfDumpMain FILE [BASE]}: prints FILE's BTF as
 * {@code bpftool btf dump file FILE [base BASE]} does. Exit code 0, 1 on malformed input or
 * an unreadable file, 2 on bad usage.
 */
public final class BtfDumpMain {
    private BtfDumpMain() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BtfDumpMain FILE [BASE]");
            System.exit(2);
        }
        try {
            Btf btf = args.length == 2 ? Btf.readSplit(Path.of(args[0]), Btf.read(Path.of(args[1])))
                    : Btf.read(Path.of(args[0]));
            Writer w = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                    StandardCharsets.UTF_8), 1 << 16);
            BtfDumper.dump(btf, w);
            w.flush();
        } catch (BtfFormatException e) {
            System.err.println("btf dump: " + e.getMessage());
            System.exit(1);
        } catch (UncheckedIOException e) {
            System.err.println("btf dump: cannot read: " + e.getCause().getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("btf dump: cannot write: " + e.getMessage());
            System.exit(1);
        }
    }
}
