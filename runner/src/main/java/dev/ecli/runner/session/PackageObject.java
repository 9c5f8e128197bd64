package dev.ecli.runner.session;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.pkg.EmbeddedBtfs;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opening a package's object with libbpf, against the kernel's BTF or the one the package
 * carries for it. Reading the object without libbpf is {@link PackageSpec#object()}'s job.
 */
public final class PackageObject {
    private PackageObject() {}

    /** Opens (does not load) the object with libbpf. */
    public static BpfObject open(PackageSpec spec) throws BpfException, PackageException {
        return open(spec, null);
    }

    /** The kernel's own BTF, which CO-RE relocations read unless --btf names another file. */
    public static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");

    /**
     * Opens (does not load) the object with libbpf, relocating against {@code kernelBtf} when
     * not null; on a kernel without BTF of its own, against the BTF the package carries for it.
     * @throws BpfException     when libbpf refuses it, or the kernel has no BTF and none is given or carried
     * @throws PackageException when the BTF the package names for this kernel is missing or outside it
     */
    public static BpfObject open(PackageSpec spec, Path kernelBtf) throws BpfException, PackageException {
        if (kernelBtf != null && !Files.isReadable(kernelBtf)) {
            throw new BpfException("--btf " + kernelBtf + ": no such readable file", 2, "");
        }
        if (kernelBtf == null && !Files.exists(KERNEL_BTF)) {
            String release = EmbeddedBtfs.kernelRelease();
            kernelBtf = EmbeddedBtfs.forRelease(spec, release);
            if (kernelBtf == null) {
                throw new BpfException(EmbeddedBtfs.missing(spec, release, KERNEL_BTF), 2, "");
            }
        }
        return spec.objectBytes() != null
                ? BpfObject.open(spec.objectBytes(), spec.manifest().name(), kernelBtf)
                : BpfObject.open(spec.objectPath(), kernelBtf);
    }
}
