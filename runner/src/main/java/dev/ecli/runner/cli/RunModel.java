package dev.ecli.runner.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * The picocli model of {@code run}, built by hand rather than from annotations: reading
 * annotations makes picocli create a proxy class per annotation type and reflect over every
 * field, about 40 ms of each start of the command that must start fastest.
 */
final class RunModel {
    private RunModel() {}

    /** {@code cmd}'s model, bound to it: {@link RunCommand#readParsed} reads the parsed values from it. */
    static CommandSpec of(RunCommand cmd) {
        CommandSpec s = CommandSpec.wrapWithoutInspection(cmd).name("run");
        // "--fields=-tfoo" leaves out tfoo: picocli would take "-tfoo" for -t, -f, -o, -o and refuse it.
        s.parser().allowOptionsAsOptionParameters(true);
        s.usageMessage()
                .description("Load and attach a package's programs and print every event they emit.",
                        "Options after PACKAGE that are not listed here set the package's parameters:"
                                + " see 'ecli-java run PACKAGE --help'.")
                .footerHeading("%nExamples:%n")
                .footer("  ecli-java run ./mypkg",
                        "  ecli-java run ./mypkg -o json | jq -c 'select(.code != 0)'",
                        "  ecli-java run ./mypkg/package.yaml --duration 10 --max-events 100",
                        "  ecli-java run ./mypkg -o none --sink kafka://broker:9092/events?queue=50000");
        s.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("PACKAGE")
                .type(Path.class)
                .description("A package directory, its manifest file (package.yaml / package.json), the name of"
                        + " a package in $ECLI_PATH or shipped with ecli-java (see 'ecli-java list'), an OCI"
                        + " reference HOST[:PORT]/REPO[:TAG][@sha256:HEX] or an http(s) URL of a package.json.")
                .build());
        flag(s, "Show this help, with the package's parameters when PACKAGE is given.", "-h", "--help");
        s.addMixin(ViewOptions.NAME, ViewOptions.mixin());
        valued(s, Double.class, "SECONDS", "Stop after this many seconds.", "--duration");
        flag(s, "Show the values the program sends, without the meanings the package or eunomia's types give"
                + " them (numbers, not names; arrays, not addresses).", "--raw");
        flag(s, "Add who did it, after the struct's own fields: a field the manifest marks 'format: cgroup'"
                + " (or typed ecli_cgroup_id) gains cgroup (its path), unit (systemd), runtime and container (id);"
                + " one marked 'format: process' (or ecli_pid) gains cmdline. Off by default: it reads cgroupfs"
                + " and /proc (cached, bounded). The new fields work with --fields and --filter.", "--enrich");
        flag(s, "Show the events of this runner's own process too (left out by default where the package marks"
                + " a field 'format: process' or types it ecli_pid; in-kernel counts always include them).",
                "--include-self");
        valued(s, Integer.class, "N", "Instead of each event, show the N largest groups of events, redrawn"
                + " each --refresh in place on a terminal (repeated tables into a pipe, a JSON object per"
                + " snapshot with -o json).", "--top");
        valued(s, String.class, "LIST", "--top: the fields that make a group (default: every text field).", "--by");
        valued(s, String.class, "FIELD", "--top: order by count (default) or by the sum of an integer FIELD.",
                "--sort");
        valued(s, Double.class, "SECONDS", "--top: time between snapshots (default 1).", "--refresh");
        valued(s, Path.class, "FILE",
                "Kernel BTF for CO-RE relocations, for kernels without /sys/kernel/btf/vmlinux.", "--btf");
        valued(s, String.class, "ADDR",
                "Serve Prometheus metrics at http://ADDR/metrics (ADDR: :PORT or HOST:PORT): events, drops,"
                        + " short records, program run totals, and the package's own metrics (the manifest's"
                        + " metrics:).", "--metrics");
        flag(s, "Show libbpf's log (e.g. the verifier's) and details.", "-v", "--verbose");
        flag(s, "No 'attached' line and no status line (shown below the output when stderr is a terminal).",
                "-q", "--quiet");
        valued(s, Path.class, "FILE", "Also record every raw record, with the package, into FILE (see 'ecli-java replay'):"
                + " nothing is decoded for it; with -o none only recording is done.", "--record");
        s.addOption(OptionSpec.builder("--record-max").paramLabel("LIMIT").type(List.class).auxiliaryTypes(String.class)
                .description("Go on in FILE.1, FILE.2... once a file reaches a size (64M, 1G) or an age (30s, 10m,"
                        + " 1h); each file stands alone. Repeatable (a size and an age).")
                .build());
        valued(s, String.class, "CODEC", "Compress the recording: lz4 or none (default).", "--record-compress");
        RemotePackages.addOptions(s);
        s.addUnmatchedArgsBinding(UnmatchedArgsBinding.forStringArrayConsumer(new ISetter() {
            @Override
            public <T> T set(T value) {
                // Called with null when parsing begins, then with what was not matched.
                cmd.packageOptions = value == null ? new ArrayList<>() : new ArrayList<>(List.of((String[]) value));
                return null;
            }
        }));
        cmd.spec = s;
        return s;
    }

    private static void flag(CommandSpec s, String description, String... names) {
        s.addOption(OptionSpec.builder(names).type(boolean.class).description(description).build());
    }

    private static void valued(CommandSpec s, Class<?> type, String label, String description, String name) {
        s.addOption(OptionSpec.builder(name).type(type).paramLabel(label).description(description).build());
    }
}
