package dev.ecli.runner.session;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.pkg.EmbeddedBtfs;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.btf.FieldRenames;
import dev.ecli.runner.sys.MemFile;
import dev.ecli.runner.sys.SysException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        MemFile renamed = renamedFields(spec.manifest().renamedFields(), kernelBtf != null ? kernelBtf : KERNEL_BTF);
        Path btf = renamed != null ? renamed.path() : kernelBtf;
        BpfObject object;
        try {
            object = spec.objectBytes() != null
                    ? BpfObject.open(spec.objectBytes(), spec.manifest().name(), btf)
                    : BpfObject.open(spec.objectPath(), btf);
        } catch (BpfException | RuntimeException e) {
            if (renamed != null) {
                renamed.close();
            }
            throw e;
        }
        if (renamed != null) {
            object.keepUntilLoad(renamed);
        }
        return object;
    }

    /** The largest kernel BTF read for renaming (vmlinux is about 6 MB). */
    private static final long MAX_KERNEL_BTF = 256L << 20;

    /**
     * The kernel's BTF with the manifest's renamed fields answering to their old names, in memory,
     * or null when there are none or none applies to this kernel (its own BTF is used as it is).
     * libbpf then relocates against that file only: module BTF is not searched for such objects.
     */
    private static MemFile renamedFields(Map<String, String> renames, Path kernelBtf) throws BpfException {
        if (renames.isEmpty()) {
            return null;
        }
        List<FieldRenames.Rename> list = new ArrayList<>();
        renames.forEach((key, now) -> {
            int dot = key.indexOf('.');
            list.add(new FieldRenames.Rename(key.substring(0, dot), key.substring(dot + 1), now));
        });
        try {
            if (!Files.isRegularFile(kernelBtf) || Files.size(kernelBtf) > MAX_KERNEL_BTF) {
                throw new BpfException("renamed-fields: " + kernelBtf + " is not a kernel BTF file of at most "
                        + (MAX_KERNEL_BTF >> 20) + " MiB", 22, "");
            }
            FieldRenames.Result r = FieldRenames.apply(Files.readAllBytes(kernelBtf), list);
            return r.btf() == null ? null : MemFile.of("ecli-kernel-btf", r.btf());
        } catch (IOException e) {
            throw new BpfException("renamed-fields: read " + kernelBtf + ": " + e.getMessage(), 5, "");
        } catch (BtfFormatException e) {
            throw new BpfException("renamed-fields: " + kernelBtf + ": " + e.getMessage(), 22, "");
        } catch (SysException e) {
            throw new BpfException("renamed-fields: " + e.getMessage(), e.errno(), "");
        }
    }
}
