package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecli.runner.objinfo.ObjectSpec;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.pkg.load.PackageLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A manifest {@code params.NAME.default} on a global variable is what the loaded object holds
 * when the option is not given, though the object was compiled with another value: read back
 * from the run's own {@code .rodata} map (found through its fds) with bpftool, which prints the
 * variables by name from BTF. A given option still wins, and {@code --help} shows the default.
 */
@Tag("bpf")
class ParamDefaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
        // runqslower's positional min_us (the object has 0), in microseconds
        "packages/libbpf-tools/runqslower, min_us, --min-us, 10000, 10000, 25, 25",
        // wakeuptime -m: 1 us by default as in the C frontend, stored in ns (the object has 1 ns)
        "packages/libbpf-tools/wakeuptime, min_block_ns, --min-block-time, 1, 1000, 7, 7000",
    })
    void theManifestDefaultIsLoadedUnlessTheOptionIsGiven(String dir, String variable, String option,
                                                          String shown, long loaded, String given,
                                                          long loadedGiven) throws Exception {
        RunnerProcess.requireBpf();
        String pkg = RunnerProcess.repoRoot().resolve(dir).toString();
        assertNotEquals(loaded, compiledIn(pkg, variable), "the test needs an object whose value differs");

        try (RunnerProcess help = RunnerProcess.start("run", pkg, "--help")) {
            assertEquals(0, help.waitFor());
            // Help wraps descriptions: the option's entry runs to the next "default:".
            String text = String.join(" ", help.allStdout).replaceAll("\\s+", " ");
            String entry = text.substring(text.indexOf(option + "="));
            entry = entry.substring(0, entry.indexOf(")", entry.indexOf("default: ")) + 1);
            assertTrue(entry.endsWith("default: " + shown + ")"), entry);
        }
        assertEquals(loaded, loadedValue(pkg, variable, List.of()));
        assertEquals(loadedGiven, loadedValue(pkg, variable, List.of(option, given)));
    }

    /** The variable as the object's {@code .rodata} section holds it. */
    private static long compiledIn(String pkgDir, String variable) throws Exception {
        PackageSpec pkg = PackageLoader.load(Path.of(pkgDir));
        ObjectSpec obj = pkg.object();
        ParamSpec p = ParamSpec.discover(obj.btf(), obj.elf(), pkg.manifest()).stream()
                .filter(s -> s.variable().equals(variable)).findFirst().orElseThrow();
        byte[] rodata = obj.elf().contents(obj.elf().section(p.section()).orElseThrow());
        ByteBuffer b = ByteBuffer.wrap(rodata, (int) p.offset(), p.size()).order(obj.elf().byteOrder());
        return p.size() == 8 ? b.getLong() : b.getInt();
    }

    /** The variable in the {@code .rodata} map of a run of the package with {@code args}. */
    private static long loadedValue(String pkg, String variable, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("run", pkg, "-o", "json"));
        cmd.addAll(args);
        try (RunnerProcess r = RunnerProcess.start(cmd.toArray(String[]::new))) {
            r.awaitStderr(l -> l.contains("attached"), 60);
            for (long id : mapIds(r.process.pid())) {
                Process dump = new ProcessBuilder("bpftool", "-j", "map", "dump", "id", Long.toString(id)).start();
                JsonNode entries = JSON.readTree(dump.getInputStream().readAllBytes());
                dump.waitFor();
                for (JsonNode vars : entries.path(0).path("formatted").path("value").path(".rodata")) {
                    if (vars.has(variable)) {
                        return vars.get(variable).asLong();
                    }
                }
            }
            fail("no .rodata map of pid " + r.process.pid() + " holds " + variable + "; stderr: " + r.stderr);
            return -1;
        }
    }

    /** The ids of the maps a process holds open, from its fdinfo. */
    private static List<Long> mapIds(long pid) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fdinfo"))) {
            for (Path fd : fds.toList()) {
                try {
                    Files.readAllLines(fd).stream().filter(l -> l.startsWith("map_id:"))
                            .forEach(l -> ids.add(Long.parseLong(l.substring(7).strip())));
                } catch (java.io.IOException closed) {
                    // An fd closed while listing.
                }
            }
        }
        return ids;
    }
}
