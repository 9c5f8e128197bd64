package dev.ecli.btf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Locating fixtures, the repository and bpftool for tests. */
final class TestFiles {
    private TestFiles() {}

    /** A committed fixture under src/test/resources/dev/ecli/btf. */
    static byte[] fixture(String name) {
        try (InputStream in = Objects.requireNonNull(TestFiles.class.getResourceAsStream(name), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root: the nearest directory up from the working directory with pom.xml and packages/. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("packages"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml + packages/) above " + dir);
    }

    /** Every *.bpf.o under {@code root}, skipping target/ and hidden directories, sorted. */
    static List<Path> bpfObjects(Path root) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.getFileName().toString().endsWith(".bpf.o"))
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            String n = part.toString();
                            if (n.equals("target") || n.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** bpftool from -Decli.bpftool, else PATH or the sbin directories; null when there is none. */
    static Path bpftool() {
        String override = System.getProperty("ecli.bpftool");
        if (override != null) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? p : null;
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "bpftool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
