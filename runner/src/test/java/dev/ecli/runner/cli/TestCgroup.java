package dev.ecli.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throw-away cgroup v2 directory; mounts cgroup2 when the host has none mounted. */
final class TestCgroup {
    private TestCgroup() {}

    /** The cgroup v2 id of the test's own cgroup (its children's too): the inode of its directory. */
    static long own() throws IOException {
        String path = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.startsWith("0::"))
                .findFirst().orElseThrow().substring(3);
        Path dir = dev.ecli.runner.enrich.CgroupNames.cgroup2Root().resolve(path.substring(1));
        return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
    }

    static Path create(String name) throws IOException, InterruptedException {
        Path root = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                root = Path.of(f[1]);
                break;
            }
        }
        if (root == null) {
            root = Path.of("/tmp/ecli-cgroup2");
            Files.createDirectories(root);
            Process p = new ProcessBuilder("mount", "-t", "cgroup2", "none", root.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("cannot mount cgroup2 at " + root);
            }
        }
        Path cg = root.resolve(name);
        Files.createDirectories(cg);
        return cg;
    }
}
