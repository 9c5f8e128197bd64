package dev.ecli.runner.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ecli-java build --btfgen BTF[=RELEASE]}: for each kernel, the part of its BTF that the
 * package's CO-RE relocations read ({@code bpftool gen min_core_btf}), written to
 * {@code DIR/btf/RELEASE.btf} for the manifest's {@code btf:} section. A few hundred bytes per
 * kernel instead of the kernel's 5 MiB.
 */
final class BtfGen {
    /** The running kernel's BTF, whose release is the running kernel's. */
    static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    /** The manifest schema's pattern for a kernel release. */
    private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}");
    /** Where the files go, relative to the package directory. */
    static final String FOLDER = "btf";

    private BtfGen() {}

    /**
     * One kernel: its BTF file (raw BTF, or an ELF such as vmlinux with a .BTF section) and its
     * release.
     */
    record Kernel(Path btf, String release) {
        /**
         * Reads {@code FILE=RELEASE}, or {@code FILE} alone: the running kernel's release for
         * /sys/kernel/btf/vmlinux, else the file name less {@code .btf} (BTFHub names files so).
         */
        static Kernel parse(String arg, String runningRelease) throws BuildException {
            int eq = arg.lastIndexOf('=');
            String file = eq < 0 ? arg : arg.substring(0, eq);
            String release = eq < 0 ? null : arg.substring(eq + 1);
            if (file.isEmpty()) {
                throw new BuildException("--btfgen " + arg + ": no BTF file named");
            }
            Path path = Path.of(file);
            if (release == null) {
                if (path.toAbsolutePath().normalize().equals(KERNEL_BTF)) {
                    release = runningRelease;
                } else {
                    String name = path.getFileName().toString();
                    release = name.endsWith(".btf") ? name.substring(0, name.length() - 4) : null;
                }
            }
            if (release == null || !RELEASE.matcher(release).matches() || !release.matches(".*[0-9].*")) {
                throw new BuildException("--btfgen " + arg + ": cannot tell which kernel release this BTF is for;"
                        + " write --btfgen " + file + "=RELEASE (RELEASE as 'uname -r' prints it on that kernel)");
            }
            if (!Files.isReadable(path)) {
                throw new BuildException("--btfgen " + arg + ": no such readable file " + file);
            }
            return new Kernel(path, release);
        }
    }

    /**
     * Writes {@code dir/btf/RELEASE.btf} for each kernel, minimized to what {@code objects} need.
     * @return kernel release to the written file, relative to {@code dir}
     */
    static Map<String, String> generate(Toolchain tools, Path dir, List<Path> objects, List<Kernel> kernels)
            throws BuildException {
        Map<String, String> written = new LinkedHashMap<>();
        if (kernels.isEmpty()) {
            return written;
        }
        Path bpftool = tools.requireBpftool("--btfgen runs 'bpftool gen min_core_btf'");
        Path folder = dir.resolve(FOLDER);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BuildException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        for (Kernel k : kernels) {
            String relative = FOLDER + "/" + k.release() + ".btf";
            List<String> command = new ArrayList<>(List.of(bpftool.toString(), "gen", "min_core_btf",
                    k.btf().toString(), dir.resolve(relative).toString()));
            objects.forEach(o -> command.add(o.toString()));
            Toolchain.Run r = Toolchain.run(command, null);
            if (r.status() != 0) {
                throw new BuildException("bpftool gen min_core_btf " + k.btf() + " failed: " + r.output().strip());
            }
            written.put(k.release(), relative);
        }
        return written;
    }
}
