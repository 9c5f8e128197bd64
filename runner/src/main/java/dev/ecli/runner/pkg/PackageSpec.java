package dev.ecli.runner.pkg;

import dev.ecli.runner.objinfo.ObjectException;
import dev.ecli.runner.objinfo.ObjectSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded package: its manifest and where its object is. Built by {@link dev.ecli.runner.pkg.load.PackageLoader}; the
 * object has been checked to exist, to lie inside the package directory and to match the
 * manifest's {@code sha256} when one is given.
 */
public final class PackageSpec {
    /** Where the package came from. */
    public enum Kind {
        /** An ecli manifest ({@code package.yaml}, {@code package.yml} or {@code package.json}) and an object file. */
        MANIFEST,
        /** An eunomia {@code package.json} carrying the object inline. */
        EUNOMIA
    }

    private final Manifest manifest;
    private final Path manifestPath;
    private final Path objectPath;
    private final byte[] objectBytes;
    private final String objectName;
    private final Kind kind;
    private final List<EunomiaExportType> exportTypes;
    /** The parsed object, once read: at load for an eunomia package (its manifest needs it), else on first use. */
    private ObjectSpec object;

    /**
     * A package as a loader found it; {@code objectPath} or {@code objectBytes} is null.
     * @param exportTypes an eunomia package's {@code export_types}; empty otherwise
     * @param object      the object already parsed (an eunomia loader needs it), or null to parse on use
     */
    public PackageSpec(Manifest manifest, Path manifestPath, Path objectPath, byte[] objectBytes, String objectName,
                Kind kind, List<EunomiaExportType> exportTypes, ObjectSpec object) {
        this.object = object;
        this.manifest = manifest;
        this.manifestPath = manifestPath;
        this.objectPath = objectPath;
        this.objectBytes = objectBytes;
        this.objectName = objectName;
        this.kind = kind;
        this.exportTypes = List.copyOf(exportTypes);
    }

    /** The validated manifest (for an eunomia package, one made from its metadata). */
    public Manifest manifest() {
        return manifest;
    }

    /** The manifest file, as the caller named it. */
    public Path manifestPath() {
        return manifestPath;
    }

    /** The same package with {@code other} as its manifest, sharing the parsed object. */
    public PackageSpec withManifest(Manifest other) {
        return new PackageSpec(other, manifestPath, objectPath, objectBytes, objectName, kind, exportTypes, object);
    }

    /** The package directory: the manifest's directory. */
    public Path directory() {
        Path parent = manifestPath.toAbsolutePath().getParent();
        return parent != null ? parent : manifestPath.toAbsolutePath();
    }

    /** The object file, real path (symlinks resolved); null for an eunomia package. */
    public Path objectPath() {
        return objectPath;
    }

    /**
     * The ELF object for an eunomia package (decompressed); null otherwise. The array is shared,
     * not copied: do not modify it.
     */
    public byte[] objectBytes() {
        return objectBytes;
    }

    /**
     * The object, parsed on the first call and kept, so a run, a check or a report reads its
     * ELF and BTF once. Not thread-safe.
     * @throws PackageException when the object is unreadable, not ELF, or has no or bad BTF
     */
    public ObjectSpec object() throws PackageException {
        if (object == null) {
            try {
                object = (objectBytes != null ? ObjectSpec.parse(objectName, objectBytes)
                        : ObjectSpec.read(objectPath, objectName)).withStructs(manifest.structs());
            } catch (ObjectException e) {
                throw new PackageException(e.getMessage(), e);
            }
        }
        return object;
    }

    /** The object's file name for messages, e.g. {@code prog.bpf.o}. */
    public String objectName() {
        return objectName;
    }

    /** Which kind of package this is. */
    public Kind kind() {
        return kind;
    }

    /**
     * The structs an eunomia package declares in {@code meta.export_types}, in file order; empty
     * for an ecli manifest, whose {@link Manifest#exports()} say this instead.
     */
    public List<EunomiaExportType> exportTypes() {
        return exportTypes;
    }

    /**
     * Whether a manifest without exports means "apply the convention" (one ring buffer and a
     * struct named {@code event}): true for our manifests; false for an eunomia package, whose
     * metadata says what it exports, so no export map there means it exports nothing.
     */
    public boolean exportsByConvention() {
        return kind == Kind.MANIFEST;
    }

    @Override
    public String toString() {
        return "PackageSpec[" + kind + " " + manifest.name() + " " + manifestPath + " -> " + objectName + "]";
    }
}
