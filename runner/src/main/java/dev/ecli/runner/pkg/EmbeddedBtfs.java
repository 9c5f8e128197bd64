package dev.ecli.runner.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the kernel BTF a package carries ({@link Manifest#btf()}) for the running kernel, for
 * kernels without {@code /sys/kernel/btf/vmlinux}: the entry keyed by this kernel's release.
 */
public final class EmbeddedBtfs {
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

    private EmbeddedBtfs() {}

    /** The running kernel's release, as {@code uname -r} prints it; "unknown" when unreadable. */
    public static String kernelRelease() {
        try {
            return Files.readString(OSRELEASE).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The real path of the BTF file {@code spec} carries for kernel {@code release}, or null when it
     * carries none for that release.
     * @throws PackageException when the manifest names a file that is missing or outside the package
     */
    public static Path forRelease(PackageSpec spec, String release) throws PackageException {
        EmbeddedBtf entry = spec.manifest().btf().get(release);
        if (entry == null || entry.file() == null) {
            return null;
        }
        try {
            return PackagePaths.inside(spec.directory(), entry.file());
        } catch (PackagePaths.Refused r) {
            throw new PackageException(spec.manifestPath().getFileName() + ": btf." + release + ".file "
                    + entry.file() + " " + r.getMessage());
        }
    }

    /**
     * Why the package cannot run on kernel {@code release}, which has no BTF of its own: which kernels
     * the package covers, and how to add this one.
     */
    public static String missing(PackageSpec spec, String release, Path kernelBtf) {
        var covered = spec.manifest().btf().keySet();
        String carries = covered.isEmpty() ? spec.manifest().name() + " carries no kernel BTF"
                : spec.manifest().name() + " carries BTF for " + String.join(", ", covered) + " only";
        return "this kernel (" + release + ") has no BTF at " + kernelBtf + " and " + carries
                + "; add this kernel with 'ecli-java build DIR --btfgen FILE=" + release + "' (FILE: its BTF,"
                + " e.g. from BTFHub), or run with --btf FILE";
    }
}
