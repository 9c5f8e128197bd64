package dev.ecli.runner.pkg.load;

import dev.ecli.elf.BoundedFile;
import dev.ecli.elf.EmbeddedElf;
import dev.ecli.runner.pkg.EmbeddedObject;
import dev.ecli.runner.pkg.PackageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the object a manifest's {@code object: {embedded-in: ...}} names out of its binary. */
final class EmbeddedObjects {
    /** A binary larger than this is not read whole (skeleton binaries are a few hundred KiB). */
    private static final long MAX_BYTES = 256L << 20;

    private EmbeddedObjects() {}

    /**
     * The first eBPF object embedded in the binary.
     * @throws PackageException one line naming the binary (and who provides it) when it is
     *                          missing, unreadable, too large or embeds no eBPF object
     */
    static byte[] read(EmbeddedObject source) throws PackageException {
        Path binary = Path.of(source.binary());
        String from = source.providedBy() == null ? "" : " (" + source.providedBy() + ")";
        byte[] bytes;
        try {
            if (Files.exists(binary) && !Files.isRegularFile(binary)) { // a device or FIFO could never end
                throw new PackageException(binary + from + " is not a regular file; not a binary that embeds a BPF"
                        + " object");
            }
            if (Files.size(binary) > MAX_BYTES) {
                throw new PackageException(binary + from + " is over " + (MAX_BYTES >> 20)
                        + " MiB; not a binary that embeds a BPF object");
            }
            // Bounded again while reading: the file may grow after the check.
            bytes = BoundedFile.read(binary, MAX_BYTES);
        } catch (BoundedFile.Refused e) {
            throw new PackageException(binary + from + ": " + e.getMessage() + "; not a binary that embeds a BPF"
                    + " object");
        } catch (NoSuchFileException e) {
            throw new PackageException(binary + " is not installed" + (source.providedBy() == null ? ""
                    : ": install " + source.providedBy()) + "; the package's BPF object is inside it");
        } catch (IOException e) {
            throw new PackageException("cannot read " + binary + from + ": " + e.getMessage(), e);
        }
        return EmbeddedElf.firstBpf(bytes).orElseThrow(() -> new PackageException(binary + from
                + " embeds no eBPF object (no ELF with e_machine 247 inside it)"));
    }

    /** The object's name for messages: {@code tool.bpf.o} for {@code /usr/sbin/tool}. */
    static String name(EmbeddedObject source) {
        Path file = Path.of(source.binary()).getFileName();
        return (file == null ? "embedded" : file.toString()) + ".bpf.o";
    }
}
