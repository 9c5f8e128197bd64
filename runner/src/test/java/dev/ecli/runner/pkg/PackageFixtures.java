package dev.ecli.runner.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repo's exitsnoop package and copies test manifests into package directories. */
final class PackageFixtures {
    private PackageFixtures() {}

    /** The repository root: {@code ecli.repoRoot} (set by surefire), else found upwards from the working directory. */
    static Path repoRoot() {
        String prop = System.getProperty("ecli.repoRoot");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("packages/exitsnoop/package.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repo root; set -Decli.repoRoot");
    }

    static Path exitsnoopDir() {
        return repoRoot().resolve("packages/exitsnoop");
    }

    static Path exitsnoopObject() {
        return exitsnoopDir().resolve("exitsnoop.bpf.o");
    }

    /** Copies the test resource {@code /pkg/<resource>} to {@code dir/<name>}. */
    static Path copy(String resource, Path dir, String name) {
        try (InputStream in = PackageFixtures.class.getResourceAsStream("/pkg/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /pkg/" + resource);
            }
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a manifest and a copy of the exitsnoop object into {@code dir}. */
    static Path packageWith(Path dir, String manifestName, String manifest) {
        try {
            Files.createDirectories(dir);
            Files.copy(exitsnoopObject(), dir.resolve("exitsnoop.bpf.o"));
            return Files.writeString(dir.resolve(manifestName), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
