package dev.ecli.runner.build;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The external tools a build needs, found on {@code PATH} only (so that what runs is what the
 * user's shell would run), and how to run them. Missing tools are named with the Debian package
 * that provides them.
 *
 * @param clang     the C compiler targeting BPF
 * @param bpftool   makes {@code vmlinux.h} from kernel BTF; null when not found (only needed then)
 * @param llvmStrip strips DWARF; null when not found (the object then keeps it)
 */
public record Toolchain(Path clang, Path bpftool, Path llvmStrip) {
    /** The output of a finished tool: exit status and its stdout and stderr merged, in order. */
    record Run(int status, String output) {}

    /**
     * Finds the tools on {@code PATH}.
     *
     * @param clangOverride a clang to use instead of the one on PATH, or null
     * @throws BuildException when clang is missing
     */
    public static Toolchain find(String clangOverride) throws BuildException {
        Path clang;
        if (clangOverride != null) {
            clang = Path.of(clangOverride);
            if (!Files.isExecutable(clang)) {
                clang = onPath(clangOverride).orElseThrow(() -> new BuildException("clang '" + clangOverride
                        + "' (from --clang) is not an executable file"));
            }
        } else {
            clang = onPath("clang").orElseThrow(() -> new BuildException(
                    "clang not found on PATH; it compiles BPF programs: install the Debian package clang"
                            + " (apt-get install clang)"));
        }
        return new Toolchain(clang, onPath("bpftool").orElse(null), versioned("llvm-strip").orElse(null));
    }

    /**
     * The bpftool to run, for {@code why} (e.g. "it writes vmlinux.h from the kernel's BTF, or put a
     * vmlinux.h in DIR").
     */
    Path requireBpftool(String why) throws BuildException {
        if (bpftool == null) {
            throw new BuildException("bpftool not found on PATH: install the Debian package bpftool"
                    + " (apt-get install bpftool); " + why);
        }
        return bpftool;
    }

    /** The {@code __TARGET_ARCH_*} name libbpf's headers expect for the machine we run on. */
    public static String targetArch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le", "ppc64" -> "powerpc";
            case "s390x" -> "s390";
            case "riscv64" -> "riscv";
            case "loongarch64" -> "loongarch";
            case "mips64", "mips64el", "mips", "mipsel" -> "mips";
            case "arm" -> "arm";
            default -> arch;
        };
    }

    /** An executable named {@code name} in a directory of {@code PATH}. */
    static Optional<Path> onPath(String name) {
        for (Path dir : pathDirs()) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code name}, else the newest {@code name-NN} on PATH (Debian installs llvm-strip-14 and so on). */
    static Optional<Path> versioned(String name) {
        Optional<Path> plain = onPath(name);
        if (plain.isPresent()) {
            return plain;
        }
        List<Path> found = new ArrayList<>();
        for (Path dir : pathDirs()) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(name) + "-\\d+")
                        && Files.isExecutable(p)).forEach(found::add);
            } catch (IOException | SecurityException e) {
                // An unreadable PATH entry is not ours to report.
            }
        }
        return found.stream().max(Comparator.comparingInt(p -> {
            String n = p.getFileName().toString();
            return Integer.parseInt(n.substring(n.lastIndexOf('-') + 1));
        }));
    }

    private static List<Path> pathDirs() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path == null) {
            return dirs;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                try {
                    dirs.add(Path.of(d));
                } catch (java.nio.file.InvalidPathException e) {
                    // Skip what cannot be a directory.
                }
            }
        }
        return dirs;
    }

    /**
     * Runs a tool to completion, capturing its output (or sending stdout to {@code stdoutFile}).
     * @throws BuildException when it cannot be started or is interrupted
     */
    static Run run(List<String> command, Path stdoutFile) throws BuildException {
        return run(command, stdoutFile, null);
    }

    /** As {@link #run(List, Path)}, in directory {@code cwd} (null: ours). */
    static Run run(List<String> command, Path stdoutFile, Path cwd) throws BuildException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        if (stdoutFile != null) {
            pb.redirectOutput(stdoutFile.toFile());
        } else {
            pb.redirectErrorStream(true);
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // Read before waiting: a tool filling the pipe would otherwise never finish.
            byte[] out = (stdoutFile != null ? p.getErrorStream() : p.getInputStream()).readAllBytes();
            return new Run(p.waitFor(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BuildException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while running " + command.getFirst(), e);
        }
    }
}
