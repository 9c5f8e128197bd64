package dev.ecli.runner.cli;

import dev.ecli.btf.Btf;
import dev.ecli.btf.CPrinter;
import dev.ecli.runner.inspect.InspectReport;
import dev.ecli.runner.inspect.RecordingInspect;
import dev.ecli.runner.inspect.SampledMaps;
import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.record.RecordingReader;
import dev.ecli.runner.session.ExportBinder;
import dev.ecli.runner.session.PackageObject;
import dev.ecli.runner.session.ProgTypes;
import dev.ecli.runner.format.Printable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ecli-java inspect PACKAGE}: what a package contains, without loading it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a package's programs and attach points, its maps, and the exported"
                + " structs in C syntax with offsets. Needs no privilege: nothing is loaded.",
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java inspect ./mypkg", "  ecli-java inspect ./mypkg -o json | jq '.params'"})
final class InspectCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { text, json }

    @Mixin
    PackageArgument packageArg;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). JSON adds field"
                    + " layouts and params with their compiled-in defaults.")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path local = Path.of(packageArg.name);
        if (RecordingReader.looksLikeRecording(local)) {
            RecordingInspect.print(local, format == Format.json, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        PackageSpec pkg = packageArg.resolver().load(packageArg.name);
        if (format == Format.json) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(InspectReport.toJson(InspectReport.of(pkg)));
            out.flush();
            return ExitCodes.OK;
        }
        // Names, descriptions and declarations come from the package: escaped before a terminal sees them.
        StringWriter text = new StringWriter();
        printText(pkg, new PrintWriter(text));
        PrintWriter out = spec.commandLine().getOut();
        out.print(Printable.lines(text.toString()));
        out.flush();
        return ExitCodes.OK;
    }

    private static void printText(PackageSpec pkg, PrintWriter out) throws Exception {
        Btf btf = pkg.object().btf();
        out.printf("package  %s%n", Printable.escaped(pkg.manifest().name()));
        if (pkg.manifest().description() != null) {
            out.printf("about    %s%n", Printable.escaped(pkg.manifest().description()));
        }
        out.printf("object   %s%n", Printable.escaped(pkg.objectName()));
        try (BpfObject object = PackageObject.open(pkg)) {
            out.printf("%nPROGRAMS%n");
            Table programs = new Table("NAME", "SECTION", "TYPE");
            for (BpfProgram p : object.programs()) {
                programs.row(p.name(), p.section(), ProgTypes.name(p.type()));
            }
            programs.print(out);

            out.printf("%nMAPS%n");
            Table maps = new Table("NAME", "TYPE", "KEY", "VALUE", "MAX_ENTRIES");
            Map<String, Integer> mapTypes = new LinkedHashMap<>();
            for (BpfMap m : object.maps()) {
                mapTypes.put(m.name(), m.type());
                maps.row(m.name(), MapType.name(m.type()), String.valueOf(m.keySize()),
                        String.valueOf(m.valueSize()), String.valueOf(m.maxEntries()));
            }
            maps.print(out);

            List<EventStream> streams = ExportBinder.bind(pkg, mapTypes, btf);
            out.printf("%nEXPORTS%n");
            for (EventStream s : streams) {
                out.printf("map %s carries struct %s (%d bytes):%n%s%n", Printable.escaped(s.map()),
                        Printable.escaped(s.plan().typeName()),
                        s.plan().size(), CPrinter.declaration(btf, s.plan().typeId(), true));
            }
            List<SampledMaps.Sampled> sampled = SampledMaps.of(pkg, btf);
            if (!sampled.isEmpty()) {
                out.printf("%nSAMPLED MAPS%n");
                sampled.forEach(m -> out.println(Printable.escaped(m.line())));
            }
        }
        printParams(pkg, out);
        if (!pkg.manifest().btf().isEmpty()) {
            out.printf("%nKERNEL BTF (used where /sys/kernel/btf/vmlinux is missing)%n");
            Table kernels = new Table("RELEASE", "FILE");
            pkg.manifest().btf().forEach((release, b) -> kernels.row(release, b.file()));
            kernels.print(out);
        }
        out.flush();
    }

    /** The options {@code run} takes for this package, as its help shows them, one row each. */
    private static void printParams(PackageSpec pkg, PrintWriter out) throws Exception {
        List<ParamSpec> params;
        try {
            params = ParamSpec.discover(pkg.object().btf(), pkg.object().elf(), pkg.manifest());
        } catch (PackageException e) {
            out.printf("%nPARAMS%n(unreadable: %s)%n", Printable.escaped(e.getMessage()));
            return;
        }
        if (params.isEmpty()) {
            return;
        }
        out.printf("%nPARAMS%n");
        Table table = new Table("OPTION", "TYPE", "DEFAULT", "VARIABLE", "DESCRIPTION");
        for (ParamSpec p : params) {
            String type = p.cgroupMap() != null ? "cgroup directory" : p.cType();
            String description = p.description() == null ? "" : p.description();
            if (p.kind() == ParamSpec.Kind.ENUM) {
                description = (description + " (" + p.typeHint() + ")").strip();
            }
            table.row(String.join(", ", p.optionNames()), type, p.defaultText().isEmpty() ? "-" : p.defaultText(),
                    p.runnerOnly() ? "-" : p.variable(), description);
        }
        table.print(out);
    }

    /** Left-aligned columns sized to their widest cell. */
    private static final class Table {
        private final List<String[]> rows = new java.util.ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            String[] shown = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                shown[i] = Printable.escaped(cells[i]);
            }
            rows.add(shown);
        }

        void print(PrintWriter out) {
            int[] w = new int[rows.getFirst().length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    sb.append(r[i]);
                    if (i < r.length - 1) {
                        sb.append(" ".repeat(w[i] - r[i].length() + 2));
                    }
                }
                out.println(sb.toString().stripTrailing());
            }
        }
    }
}
