package dev.ecli.runner.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.validate.PackageValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * packages/libbpf-tools holds manifests only: each tool's object is read from Debian's binary,
 * so no object, BPF source or header of theirs is committed; and each manifest validates.
 */
class LibbpfToolsTreeTest {
    private static Path dir() {
        return Path.of(System.getProperty("ecli.repoRoot", "..")).resolve("packages/libbpf-tools");
    }

    @Test
    void onlyManifestsAndTheReadme() throws Exception {
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir())) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir().relativize(p).toString();
                if (!rel.equals("README.md") && !rel.matches("[a-z0-9]+/package\\.yaml")) {
                    foreign.add(rel);
                }
            }
        }
        assertEquals(List.of(), foreign, "only TOOL/package.yaml and README.md belong here");
    }

    @Test
    void everyManifestEmbedsFromDebianAndValidates() throws Exception {
        int n = 0;
        try (Stream<Path> s = Files.list(dir())) {
            for (Path tool : s.filter(Files::isDirectory).sorted().toList()) {
                PackageSpec spec = PackageLoader.load(tool);
                assertEquals("/usr/sbin/" + tool.getFileName(), spec.manifest().embedded().binary());
                assertEquals("Debian package libbpf-tools", spec.manifest().embedded().providedBy());
                assertEquals(List.of(), PackageValidator.check(tool), tool.toString());
                n++;
            }
        }
        assertTrue(n >= 2, "tools found: " + n);
    }
}
