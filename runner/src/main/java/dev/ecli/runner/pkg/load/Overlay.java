package dev.ecli.runner.pkg.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.runner.pkg.Export;
import dev.ecli.runner.pkg.FieldSpec;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.pkg.Param;
import dev.ecli.runner.pkg.Program;
import dev.ecli.runner.pkg.manifest.DocumentKind;
import dev.ecli.runner.pkg.manifest.LocatedTree;
import dev.ecli.runner.pkg.manifest.ManifestLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest that adds to another package ({@code base: ../tcpstates/package.json}, a path
 * relative to the manifest, or an OCI reference or URL fetched as {@code run} fetches one) what that package's format cannot say: field meanings, widths and
 * descriptions, computed columns, option names and help. It is an ecli manifest without
 * {@code object} (the base's) and with {@code name} and each export's {@code struct} optional
 * (the base's); its exports name maps the base exports and its params variables the base offers.
 * The base runs as it is, with these on top: per field, per param, per program, the overlay wins.
 */
final class Overlay {
    /** The key that makes a manifest an overlay. */
    static final String BASE = "base";

    private Overlay() {}

    /**
     * Loads the base and lays the overlay on it.
     * @throws PackageException naming the overlay's key at fault, or the base's own problem
     */
    static PackageSpec load(LocatedTree tree, Path manifestPath) throws PackageException {
        ObjectNode root = (ObjectNode) tree.root();
        JsonNode ref = root.get(BASE);
        if (!ref.isTextual() || ref.asText().isBlank()) {
            throw fail(tree, "/" + BASE, "'base' must be the path of the package this one adds to");
        }
        Path dir = manifestPath.toAbsolutePath().getParent();
        Path basePath = local(dir, ref.asText());
        if (basePath == null || !Files.exists(basePath)) {
            Path fetched;
            try {
                fetched = PackageLoader.baseFetcher().fetch(ref.asText());
            } catch (PackageException e) {
                throw e;
            } catch (Exception e) {
                throw fail(tree, "/" + BASE, "'base' is " + ref.asText() + ", which cannot be fetched: "
                        + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
            }
            if (fetched == null) {
                throw fail(tree, "/" + BASE, "'base' is " + ref.asText() + ", which does not exist ("
                        + (basePath == null ? ref.asText() : basePath) + ")");
            }
            basePath = fetched;
        }
        Path baseManifest = PackageLoader.locate(basePath);
        if (DocumentKind.of(ManifestLoader.read(baseManifest).root()) == DocumentKind.ECLI_OVERLAY) {
            throw fail(tree, "/" + BASE, "'base' is " + ref.asText() + ", itself an overlay; name the package it"
                    + " adds to instead");
        }
        PackageSpec base = PackageLoader.load(basePath);
        Manifest b = base.manifest();
        // What the base gives, so the overlay reads as a whole manifest and is checked as one.
        root.remove(BASE);
        if (!root.has("name")) {
            root.put("name", b.name());
        }
        root.put("object", base.objectName());
        JsonNode exports = root.path("exports");
        for (int i = 0; i < exports.size(); i++) {
            JsonNode e = exports.get(i);
            String map = e.path("map").asText(null);
            Optional<Export> of = b.exports().stream().filter(x -> x.map().equals(map)).findFirst();
            if (map != null && of.isEmpty()) {
                throw fail(tree, "/exports/" + i + "/map", "exports[" + i + "].map: " + base.manifestPath().getFileName()
                        + " exports no map '" + map + "' (it exports: " + String.join(", ",
                        b.exports().stream().map(Export::map).toList()) + ")");
            }
            if (e.isObject() && !e.has("struct") && of.isPresent()) {
                ((ObjectNode) e).put("struct", of.get().struct());
            }
        }
        Manifest over = ManifestLoader.bind(tree);
        for (String p : over.params().keySet()) {
            if (!b.params().containsKey(p)) {
                throw fail(tree, "/params/" + p, "params." + p + ": " + base.manifestPath().getFileName()
                        + " offers no option for '" + p + "' (it offers: " + String.join(", ", b.params().keySet()) + ")");
            }
        }
        return base.withManifest(merge(b, over));
    }

    /** {@code ref} as a path beside the overlay, or null when it cannot be one (a URL's {@code ://}). */
    private static Path local(Path dir, String ref) {
        try {
            return dir.resolve(ref).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private static Manifest merge(Manifest b, Manifest o) {
        List<Export> exports = new ArrayList<>();
        for (Export e : b.exports()) {
            Optional<Export> add = o.exports().stream().filter(x -> x.map().equals(e.map())).findFirst();
            if (add.isEmpty()) {
                exports.add(e);
                continue;
            }
            Map<String, FieldSpec> fields = new LinkedHashMap<>(e.fields());
            fields.putAll(add.get().fields());
            exports.add(new Export(e.map(), e.struct(), fields, or(add.get().drops(), e.drops()), e.typeId(),
                    e.variableLength() || add.get().variableLength(),
                    add.get().computed().isEmpty() ? e.computed() : add.get().computed()));
        }
        Map<String, Param> params = new LinkedHashMap<>(b.params());
        o.params().forEach((k, p) -> params.put(k, merge(b.params().get(k), p)));
        Map<String, Program> programs = new LinkedHashMap<>(b.programs());
        programs.putAll(o.programs());
        Map<String, dev.ecli.runner.pkg.MapSpec> maps = new LinkedHashMap<>(b.maps());
        maps.putAll(o.maps());
        return new Manifest(o.name(), or(o.description(), b.description()), b.object(), exports, params, programs, maps,
                o.metrics().isEmpty() ? b.metrics() : o.metrics(), b.sha256(), or(o.version(), b.version()),
                or(o.license(), b.license()), or(o.homepage(), b.homepage()), b.btf(), b.embedded(), b.structs(),
                b.sizes(), b.renamedFields());
    }

    private static Param merge(Param b, Param o) {
        return new Param(or(o.description(), b.description()), or(o.shortName(), b.shortName()),
                or(o.longName(), b.longName()), or(o.defaultValue(), b.defaultValue()), or(o.cgroupMap(), b.cgroupMap()),
                or(o.type(), b.type()), or(o.scale(), b.scale()));
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }

    private static PackageException fail(LocatedTree tree, String pointer, String message) {
        LocatedTree.Position p = tree.value(pointer);
        return new PackageException(tree.at(p, message));
    }
}
