package dev.ecli.runner.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ecli-java validate} finds nothing wrong with any package that ships (packages/, examples/). */
class ShippedPackagesValidateTest {
    @TempDir
    Path tmp;

    private static Path root() {
        return Path.of(System.getProperty("ecli.repoRoot", "..")).toAbsolutePath().normalize();
    }

    /** A copy of a shipped example with its manifest edited; the problems validate finds. */
    private List<String> edited(String example, String from, String to) throws Exception {
        Path src = root().resolve("examples").resolve(example);
        Path dir = Files.createTempDirectory(tmp, example);
        try (Stream<Path> s = Files.list(src)) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        String yaml = Files.readString(dir.resolve("package.yaml"));
        assertTrue(yaml.contains(from), from);
        Files.writeString(dir.resolve("package.yaml"), yaml.replace(from, to));
        return PackageValidator.check(dir).stream().map(l -> l.substring(l.indexOf("package.yaml:"))).toList();
    }

    @Test
    void sampledMapMistakesAreNamedWhereTheyAre() throws Exception {
        assertEquals(List.of("package.yaml:12:14: maps.hists.histogram.field: the value has no array 'slotz' (its"
                + " arrays: slots)"), edited("runqlat", "field: slots", "field: slotz"));
        assertEquals(List.of("package.yaml:17:11: maps.stack_counts.sort: the value has no field 'hitz' (its fields:"
                + " hits)"), edited("profile", "sort: hits", "sort: hitz"));
        assertEquals(List.of("package.yaml:21:14: maps.stack_counts.stacks.kern_stack_id.map: map 'stack_counts' is a"
                + " hash map; it must be a stack_trace map"), edited("profile", "map: stack_traces\n        space: kernel",
                "map: stack_counts\n        space: kernel"));
        assertEquals(List.of("package.yaml:7:3: maps.nope: no map 'nope' and no .bss or .data variable of"
                + " that name in runqlat.bpf.o (its maps: start,"
                + " hists)"), edited("runqlat", "  hists:", "  nope:"));
    }

    @Test
    void attachMistakesAreNamedWhereTheyAre() throws Exception {
        assertEquals(List.of("package.yaml:7:3: programs.xdp_count.attach: program xdp_count (SEC xdp) needs a"
                + " network interface: add attach: {interface: NAME} (e.g. interface: ${ifname} with a char ifname[16]"
                + " param)"),
                edited("xdpcount", "    attach:\n      interface: ${ifname}\n  tc_count", "  tc_count"));
        assertEquals(List.of("package.yaml:14:15: programs.printret.attach: ${shel} is not a parameter: no global"
                + " variable 'shel' in .rodata, .bss or .data of bashreadline.bpf.o (did you mean 'shell'? its variables:"
                + " shell, target_pid)"),
                edited("bashreadline", "binary: ${shell}", "binary: ${shel}"));
    }

    @Test
    void everyShippedPackageValidates() throws Exception {
        Path root = Path.of(System.getProperty("ecli.repoRoot", "..")).toAbsolutePath().normalize();
        List<Path> dirs = new ArrayList<>();
        for (String top : List.of("packages", "examples")) {
            try (Stream<Path> s = Files.list(root.resolve(top))) {
                s.filter(d -> Files.exists(d.resolve("package.yaml"))).forEach(dirs::add);
            }
        }
        assertTrue(dirs.size() >= 9, dirs.toString());
        for (Path d : dirs) {
            assertEquals(List.of(), PackageValidator.check(d), d.toString());
        }
    }
}
