package dev.ecli.runner.build;

import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.CPrinter;
import dev.ecli.runner.objinfo.AttachPoints;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.objinfo.ObjectException;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.objinfo.Values;
import dev.ecli.runner.pkg.manifest.ManifestDocument;
import dev.ecli.runner.pkg.PackageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ecli-java build DIR}: compiles every {@code DIR/*.bpf.c} to {@code DIR/*.bpf.o}, then
 * writes the manifest, or completes the author's, from what the object's BTF declares.
 */
public final class PackageBuilder {
    /**
     * @param clang  a clang to use instead of the one on PATH, or null
     * @param cflags more clang flags
     * @param btfgen kernels to carry minimized BTF for, as {@code FILE} or {@code FILE=RELEASE}
     *               ({@code --btfgen})
     */
    public record Options(String clang, List<String> cflags, List<String> btfgen) {
        public Options {
            btfgen = btfgen == null ? List.of() : List.copyOf(btfgen);
        }

        /** Options without --btfgen. */
        public Options(String clang, List<String> cflags) {
            this(clang, cflags, List.of());
        }
    }

    /**
     * What a build did.
     *
     * @param objects   the objects written
     * @param kept      per object file name, the header types kept in its BTF
     * @param manifest  the manifest written or left as it was, or null when none was written
     * @param created   whether the manifest is new (the package had none)
     * @param added     keys added to the manifest ({@code params.NAME}, ...); empty when it was complete
     * @param rewritten whether the YAML manifest had to be rewritten whole (comments lost)
     * @param notes     things the author should know (e.g. why no exports were written)
     */
    public record Result(List<Path> objects, Map<String, List<String>> kept, Path manifest, boolean created,
                         List<String> added,
                         boolean rewritten, List<String> notes) {}

    private static final String VMLINUX = "vmlinux.h";
    private static final java.util.regex.Pattern VMLINUX_INCLUDE =
            java.util.regex.Pattern.compile("(?m)^\\s*#\\s*include\\s*[<\"]vmlinux\\.h[>\"]");

    private PackageBuilder() {}

    /**
     * Builds the package in {@code dir}.
     *
     * @param err where clang's diagnostics and warnings go
     * @throws BuildException   when a tool is missing or clang fails
     * @throws PackageException when the existing manifest cannot be parsed
     */
    public static Result build(Path dir, Options options, PrintWriter err) throws PackageException {
        if (!Files.isDirectory(dir)) {
            throw new BuildException("not a package directory: " + dir);
        }
        Map<String, String> files = readSources(dir);
        List<String> sources = files.keySet().stream().filter(n -> n.endsWith(".bpf.c")).sorted().toList();
        if (sources.isEmpty()) {
            throw new BuildException("no *.bpf.c source in " + dir);
        }
        Toolchain tools = Toolchain.find(options.clang());
        List<BtfGen.Kernel> kernels = new ArrayList<>();
        for (String k : options.btfgen()) {
            kernels.add(BtfGen.Kernel.parse(k, dev.ecli.runner.pkg.EmbeddedBtfs.kernelRelease()));
        }
        Path manifestPath = existingManifest(dir);
        ManifestDocument doc = manifestPath == null ? null : ManifestDocument.read(manifestPath);

        List<Path> objects = new ArrayList<>();
        Map<String, List<String>> kept = new LinkedHashMap<>();
        Map<String, List<SourceScan.KeptType>> keptTypes = new LinkedHashMap<>();
        Path work = scratch();
        try {
            BpfCompiler compiler = new BpfCompiler(tools, dir, work, options.cflags(), err);
            boolean needsVmlinux = !Files.exists(dir.resolve(VMLINUX)) && files.values().stream()
                    .anyMatch(text -> VMLINUX_INCLUDE.matcher(text).find());
            Path include = needsVmlinux ? compiler.generateVmlinux() : null;
            for (String source : sources) {
                List<SourceScan.KeptType> keep = new ArrayList<>();
                for (String f : SourceScan.includedFiles(source, files)) {
                    if (f.endsWith(".h") && !f.equals(VMLINUX)) {
                        keep.addAll(SourceScan.structs(files.get(f)));
                    }
                }
                keep = keep.stream().distinct().toList();
                Path object = compiler.compile(dir.resolve(source), keep, include);
                objects.add(object);
                kept.put(object.getFileName().toString(), keep.stream().map(SourceScan.KeptType::cType).toList());
                keptTypes.put(object.getFileName().toString(), keep);
            }
        } finally {
            deleteTree(work);
        }

        List<String> notes = new ArrayList<>();
        if (doc != null && doc.isEunomia()) {
            notes.add(manifestPath.getFileName() + " is an eunomia package; it was left as it is");
            return new Result(objects, kept, null, false, List.of(), false, notes);
        }
        if (doc != null && !doc.schemaProblems().isEmpty()) {
            // The command reports the problems; editing a manifest we cannot read would guess.
            return new Result(objects, kept, manifestPath, false, List.of(), false, notes);
        }
        Path object = manifestObject(doc, objects);
        if (object == null) {
            notes.add("several objects were built; write a package.yaml whose 'object' names one of them");
            return new Result(objects, kept, null, false, List.of(), false, notes);
        }
        Map<String, String> kernelBtf = BtfGen.generate(tools, dir, List.of(object), kernels);
        ObjectSpec facts = facts(object);
        Path sourceFile = dir.resolve(object.getFileName().toString().replaceFirst("\\.o$", ".c"));
        ManifestMerger.Wanted wanted = wanted(dir, object, facts, keptTypes.getOrDefault(
                object.getFileName().toString(), List.of()), files, sourceFile, doc, notes, kernelBtf);
        ManifestMerger.Result merged;
        try {
            merged = doc == null ? ManifestMerger.fresh(wanted, object.getFileName().toString())
                    : ManifestMerger.merge(doc, Files.readString(manifestPath), wanted);
        } catch (IOException e) {
            throw new BuildException("cannot update " + manifestPath + ": " + e.getMessage(), e);
        }
        Path target = manifestPath != null ? manifestPath : dir.resolve("package.yaml");
        if (!merged.added().isEmpty()) {
            writeAtomically(target, merged.text());
        }
        return new Result(objects, kept, target, doc == null, merged.added(), merged.rewritten(), notes);
    }

    private static ManifestMerger.Wanted wanted(Path dir, Path object, ObjectSpec facts,
                                                List<SourceScan.KeptType> keep, Map<String, String> files,
                                                Path source, ManifestDocument doc, List<String> notes,
                                                Map<String, String> kernelBtf) {
        Btf btf = facts.btf();
        Map<String, String> exports = new LinkedHashMap<>();
        List<String> eventMaps = facts.maps().stream()
                .filter(m -> MapType.carriesEvents(m.type()))
                .map(ObjectSpec.MapDef::name).toList();
        List<String> structs = keep.stream().map(SourceScan.KeptType::name)
                .filter(n -> btf.find(n, BtfKind.STRUCT).isPresent() || btf.find(n, BtfKind.TYPEDEF).isPresent())
                .toList();
        boolean hasExports = doc != null && doc.root().has("exports");
        if (eventMaps.size() == 1 && structs.size() == 1) {
            exports.put(eventMaps.getFirst(), structs.getFirst());
        } else if (!hasExports && !eventMaps.isEmpty()) {
            notes.add("no exports written: " + eventMaps.size() + " ring buffer/perf map(s) (" + String.join(", ", eventMaps)
                    + ") and " + structs.size() + " header struct(s) (" + String.join(", ", structs)
                    + ") do not pair up; add exports: [{map: MAP, struct: STRUCT}] to the manifest");
        }
        Map<String, String> programs = new LinkedHashMap<>();
        for (ObjectSpec.Program p : facts.programs()) {
            programs.put(p.name(), AttachPoints.of(p.section()) + " (section " + p.section() + ")");
        }
        List<String> texts = new ArrayList<>();
        texts.add(files.getOrDefault(source.getFileName().toString(), ""));
        SourceScan.includedFiles(source.getFileName().toString(), files).stream()
                .filter(f -> !f.equals(VMLINUX)).map(files::get).forEach(texts::add);
        Map<String, String> params = new LinkedHashMap<>();
        for (ObjectSpec.Variable v : facts.variables()) {
            boolean data = v.section().equals(".rodata") || v.section().equals(".bss");
            if (!data || v.linkage() != 1 || v.name().startsWith(BpfCompiler.KEEP_PREFIX)
                    || !Values.settable(btf, v.typeId())) {
                continue;
            }
            String comment = texts.stream().map(t -> SourceScan.docComment(t, v.name()))
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            params.put(v.name(), comment != null ? comment : describe(btf, v, facts));
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "package"
                : dir.toAbsolutePath().normalize().getFileName().toString();
        name = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        return new ManifestMerger.Wanted(name.isEmpty() ? "package" : name, object.getFileName().toString(),
                exports, programs, params, kernelBtf, MapShapes.of(facts, texts));
    }

    /** {@code int knob in .rodata, compiled-in default 3}: what a param is when its source says nothing. */
    private static String describe(Btf btf, ObjectSpec.Variable v, ObjectSpec facts) {
        String decl = CPrinter.declarator(btf, v.typeId(), v.name()).replace("volatile ", "").replace("const ", "").strip();
        Object value = Values.decode(btf, v.typeId(), v.initial(), facts.elf().byteOrder());
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return decl + " in " + v.section() + ", compiled-in default " + shown;
    }

    private static Path manifestObject(ManifestDocument doc, List<Path> objects) {
        if (doc != null && doc.root().path("object").isTextual()) {
            String named = doc.root().path("object").asText();
            for (Path o : objects) {
                if (o.getFileName().toString().equals(Path.of(named).getFileName().toString())) {
                    return o;
                }
            }
        }
        return objects.size() == 1 ? objects.getFirst() : null;
    }

    private static ObjectSpec facts(Path object) throws BuildException {
        try {
            return ObjectSpec.read(object, object.toString());
        } catch (ObjectException e) {
            throw new BuildException(e.getMessage(), e);
        }
    }

    private static Path existingManifest(Path dir) {
        for (String n : dev.ecli.runner.pkg.manifest.ManifestLoader.FILE_NAMES) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        return null;
    }

    /** The package's C sources and headers by file name; vmlinux.h is too big to scan and defines no package type. */
    private static Map<String, String> readSources(Path dir) throws BuildException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if ((n.endsWith(".c") || n.endsWith(".h")) && Files.isRegularFile(p)) {
                    files.put(n, n.equals(VMLINUX) ? "" : Files.readString(p));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new BuildException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static Path scratch() throws BuildException {
        try {
            return Files.createTempDirectory("ecli-build-");
        } catch (IOException e) {
            throw new BuildException("cannot create a scratch directory: " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path target, String text) throws BuildException {
        try {
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".ecli-", ".tmp");
            Files.writeString(tmp, text);
            // Temp files are private (0600); the manifest keeps its mode, or gets the usual 0644.
            Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BuildException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Scratch files in the temp directory; nothing of the user's is at stake.
        }
    }
}
