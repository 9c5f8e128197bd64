package dev.ecli.runner.session;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfObject;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import java.io.UncheckedIOException;

/** Reading a package's object: its BTF (pure Java) and opening it with libbpf. */
public final class PackageObject {
    private PackageObject() {}

    /** An object's ELF and its BTF (with libbpf's DATASEC fix-up applied). */
    public record Parsed(ElfFile elf, Btf btf) {}

    /**
     * Parses the object's ELF and BTF.
     * @throws PackageException when the object is unreadable, not ELF, or has no or bad BTF
     */
    public static Parsed parse(PackageSpec spec) throws PackageException {
        try {
            ElfFile elf = spec.objectBytes() != null ? ElfFile.parse(spec.objectBytes())
                    : ElfFile.read(spec.objectPath());
            return new Parsed(elf, Btf.fromElf(elf));
        } catch (BtfFormatException e) {
            throw new PackageException(spec.objectName() + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new PackageException("cannot read " + spec.objectName() + ": " + e.getCause().getMessage());
        }
    }

    /** The object's BTF; see {@link #parse}. */
    public static Btf btf(PackageSpec spec) throws PackageException {
        return parse(spec).btf();
    }

    /** Opens (does not load) the object with libbpf. */
    public static BpfObject open(PackageSpec spec) throws BpfException {
        return spec.objectBytes() != null
                ? BpfObject.open(spec.objectBytes(), spec.manifest().name())
                : BpfObject.open(spec.objectPath());
    }
}
