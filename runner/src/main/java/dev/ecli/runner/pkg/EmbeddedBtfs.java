package dev.ecli.runner.pkg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Picks the kernel BTF a package carries ({@link Manifest#btf()}) for the running kernel, for
 * kernels without {@code /sys/kernel/btf/vmlinux}: the entry keyed by this kernel's release.
 */
public final class EmbeddedBtfs {
    /** The folder of BTFHub files a package may carry, as eunomia's tars lay it out. */
    public static final String ARCHIVE = "btfhub-archive";

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
            return spec.kind() == PackageSpec.Kind.EUNOMIA ? btfhub(spec, release) : null;
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
        List<String> covered = new ArrayList<>(spec.manifest().btf().keySet());
        if (spec.kind() == PackageSpec.Kind.EUNOMIA) {
            covered.addAll(btfhubCovered(spec));
        }
        String carries = covered.isEmpty() ? spec.manifest().name() + " carries no kernel BTF"
                : spec.manifest().name() + " carries BTF for " + String.join(", ", covered) + " only";
        return "this kernel (" + release + ") has no BTF at " + kernelBtf + " and " + carries
                + "; add this kernel with 'ecli-java build DIR --btfgen FILE=" + release + "' (FILE: its BTF,"
                + " e.g. from BTFHub), or run with --btf FILE";
    }

    /**
     * eunomia's layout (ecc --btfgen, as BTFHub's): {@code btfhub-archive/ID/VERSION_ID/ARCH/RELEASE.btf}
     * beside its package.json, ID and VERSION_ID from /etc/os-release.
     */
    private static Path btfhub(PackageSpec spec, String release) throws PackageException {
        String[] os = osRelease();
        if (os == null) {
            return null;
        }
        String named = ARCHIVE + "/" + os[0] + "/" + os[1] + "/" + machine() + "/" + release + ".btf";
        if (!Files.exists(spec.directory().resolve(named))) {
            return null;
        }
        try {
            return PackagePaths.inside(spec.directory(), named);
        } catch (PackagePaths.Refused r) {
            throw new PackageException(spec.manifestPath().getFileName() + ": " + named + " " + r.getMessage());
        }
    }

    /** The kernels a btfhub-archive beside the package covers, as "RELEASE (ID VERSION_ID ARCH)". */
    private static List<String> btfhubCovered(PackageSpec spec) {
        Path archive = spec.directory().resolve(ARCHIVE);
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(archive, 4)) {
            s.filter(p -> p.getNameCount() - archive.getNameCount() == 4 && p.toString().endsWith(".btf"))
                    .sorted().forEach(p -> {
                        Path r = archive.relativize(p);
                        String file = r.getFileName().toString();
                        out.add(file.substring(0, file.length() - 4) + " (" + r.getName(0) + " " + r.getName(1) + " "
                                + r.getName(2) + ")");
                    });
        } catch (IOException | UncheckedIOException e) {
            // no archive: nothing covered
        }
        return out;
    }

    /** ID and VERSION_ID of /etc/os-release (quotes removed), or null when unreadable. */
    private static String[] osRelease() {
        String id = null, version = null;
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                String v = line.substring(line.indexOf('=') + 1).replace("\"", "").strip();
                if (line.startsWith("ID=")) {
                    id = v;
                } else if (line.startsWith("VERSION_ID=")) {
                    version = v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return id == null || version == null ? null : new String[] {id, version};
    }

    /** The machine as {@code uname -m} names it, which BTFHub's paths use. */
    private static String machine() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }
}
