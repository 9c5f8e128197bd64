package dev.ecli.runner.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** The top command: lists the subcommands. */
@Command(name = "ecli-java",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs eBPF packages (a .bpf.o plus a manifest) and prints their events,"
                + " decoded from BTF, as a table or JSON lines.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Success (also when stopped by Ctrl-C, SIGTERM, SIGHUP, --duration or --max-events)",
            "1:Internal error",
            "2:Invalid command-line usage, or stdout closed where output goes",
            "3:Invalid package (manifest, object, BTF, exported types)",
            "4:The kernel refused (load, verifier, attach, missing feature)",
            "5:Not enough privilege (root or CAP_BPF + CAP_PERFMON needed)",
            "6:A package could not be fetched (registry or URL unreachable, unauthorized, no such tag)",
            "7:--record could not write its file (a full disk); the run stopped after its summary",
        })
public final class EcliCommand {
    /**
     * The subcommands, in the order help lists them, after {@code run} (whose model is built by
     * hand, so it cannot be named in the annotation).
     */
    static List<Object> subcommandsAfterRun() {
        return List.of(new ListCommand(), new PullCommand(), new PushCommand(), new ImagesCommand(),
                new InspectCommand(), new ReplayCommand().commandSpec(), new NewCommand(), new BuildCommand(),
                new ValidateCommand(), new BtfCommand(), new CompletionCommand(), new CompleteCommand(),
                new ManCommand());
    }
}
