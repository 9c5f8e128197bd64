package dev.ecli.runner.cli;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfDumper;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ecli-java btf dump FILE}: BTF tools. */
@Command(name = "btf", mixinStandardHelpOptions = true,
        description = "Read BTF from an object or a raw BTF file.",
        subcommands = {BtfCommand.Dump.class})
final class BtfCommand {
    /** Prints every type in bpftool's raw format. */
    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print every type of FILE (a .bpf.o or raw BTF such as /sys/kernel/btf/vmlinux)"
                    + " in the same text as `bpftool btf dump file FILE`.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  ecli-java btf dump ./mypkg/prog.bpf.o",
                "  ecli-java btf dump /sys/kernel/btf/vmlinux | grep \"STRUCT 'task_struct'\"",
                "  ecli-java btf dump /sys/kernel/btf/nf_tables --base /sys/kernel/btf/vmlinux",
            })
    static final class Dump implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "An ELF object or raw BTF.")
        Path file;

        @Option(names = "--base", paramLabel = "BASE", description = "Base BTF for split BTF (kernel modules).")
        Path base;

        @Override
        public Integer call() throws Exception {
            Btf btf = base == null ? Btf.read(file) : Btf.readSplit(file, Btf.read(base));
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                    new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
            try {
                BtfDumper.dump(btf, w);
                w.flush();
            } catch (IOException e) {
                // `| head` closed the pipe: what it wanted was written.
            }
            return ExitCodes.OK;
        }
    }
}
