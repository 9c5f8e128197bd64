package dev.ecli.runner.cli;

import dev.ecli.runner.build.PackageBuilder;
import dev.ecli.runner.validate.PackageValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ecli-java build DIR}: compile a package's sources and write or complete its manifest. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Compile DIR/*.bpf.c with clang (-g -O2 -target bpf) against a vmlinux.h made from the"
                + " running kernel's BTF (a vmlinux.h in DIR is used instead when present), keep every struct"
                + " of DIR's headers in the object's BTF, strip DWARF, and write DIR/*.bpf.o.",
            "Then write DIR/package.yaml, or add to it what it lacks (never changing what is there):"
                    + " the export of the one ring buffer as the one header struct, programs with their"
                    + " sections, .rodata/.bss variables as params, and maps: entries for hash/array maps whose value is"
                    + " a histogram (an array of integers: kind log2) or a counter the source adds to. The"
                    + " runner's ecli.bpf.h (slot, counter, event and process helpers) is on the include path."
                    + " Finally validate the package."},
        footerHeading = "%nExamples:%n",
        footer = {"  ecli-java build ./mypkg && sudo ecli-java run ./mypkg",
                "  ecli-java build ./mypkg --btfgen /sys/kernel/btf/vmlinux --btfgen 5.15.0-91-generic.btf"})
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The package directory, holding *.bpf.c and headers.")
    Path dir;

    @Option(names = "--clang", paramLabel = "PATH", description = "The clang to use (default: clang on PATH).")
    String clang;

    @Option(names = "--cflag", paramLabel = "FLAG", description = "One more clang flag, e.g. --cflag=-DDEBUG; repeatable.")
    List<String> cflags = new ArrayList<>();

    @Option(names = "--btfgen", paramLabel = "BTF[=RELEASE]",
            description = {"Also carry, for kernel RELEASE, the part of its BTF the object's CO-RE relocations read"
                    + " (bpftool gen min_core_btf), as DIR/btf/RELEASE.btf in the manifest's btf: section; the runner"
                    + " uses it on that kernel when it has no /sys/kernel/btf/vmlinux. BTF is raw BTF (BTFHub's"
                    + " RELEASE.btf files, /sys/kernel/btf/vmlinux for this kernel) or a vmlinux ELF; RELEASE defaults"
                    + " to this kernel's for /sys/kernel/btf/vmlinux and to the file name less .btf. Repeatable."})
    List<String> btfgen = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PackageBuilder.Result r = PackageBuilder.build(dir, new PackageBuilder.Options(clang, cflags, btfgen), err);
        for (Path o : r.objects()) {
            List<String> kept = r.kept().getOrDefault(o.getFileName().toString(), List.of());
            out.printf("built %s%s%n", o, kept.isEmpty() ? "" : " (kept in BTF: " + String.join(", ", kept) + ")");
        }
        if (r.manifest() != null && !r.added().isEmpty()) {
            if (r.created()) {
                out.printf("wrote %s (%s)%n", r.manifest(), String.join(", ", r.added()));
            } else {
                out.printf("%s %s: added %s%n", r.rewritten() ? "rewrote" : "updated", r.manifest(),
                        String.join(", ", r.added()));
            }
            if (r.rewritten()) {
                err.println("ecli-java: note: " + r.manifest() + " uses a flow-style mapping, so it was rewritten"
                        + " whole and its comments were lost");
            }
        }
        for (String note : r.notes()) {
            err.println("ecli-java: note: " + note);
        }
        out.flush();
        err.flush();
        if (r.manifest() == null) {
            return ExitCodes.OK;
        }
        return ValidateCommand.report(r.manifest().toString(), PackageValidator.check(r.manifest(), ValidateCommand.runOptions()), out, err);
    }
}
