package dev.ecli.runner.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate finds the mistakes run would in what a C frontend does before load: program choices,
 * map sizes, runner options, declared structs, sampled globals. On the seed's object.
 */
class LoadChecksTest {
    @TempDir
    Path dir;

    private List<String> check(String more) throws Exception {
        Path repo = Path.of(System.getProperty("ecli.repoRoot", ".."));
        Files.copy(repo.resolve("packages/exitsnoop/exitsnoop.bpf.o"), dir.resolve("exitsnoop.bpf.o"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("package.yaml"), "name: t\nobject: exitsnoop.bpf.o\n" + more);
        return PackageValidator.check(dir).stream().map(l -> l.replaceFirst("^\\S*package\\.yaml(:\\d+:\\d+)?: ", ""))
                .toList();
    }

    @Test
    void aGoodManifestPasses() throws Exception {
        assertEquals(List.of(), check("""
                params:
                  on: {type: bool, long: on}
                  n: {type: int, default: 64}
                programs:
                  handle_exit: {load: "!${on}", optional: true}
                sizes:
                  rb: {max-entries: "${n} * 4096"}
                """));
    }

    @Test
    void eachMistakeIsOneLine() throws Exception {
        assertEquals(List.of("programs.handle_exit.fallback: no program 'nope' in the object"),
                check("programs:\n  handle_exit: {fallback: nope}\n"));
        assertEquals(List.of("programs.handle_exit.load names ${n}, which is not a bool parameter"),
                check("params:\n  n: {type: int}\nprograms:\n  handle_exit: {load: \"${n}\"}\n"));
        assertEquals(List.of("programs.handle_exit.load names ${x}, which is not a parameter of the package"),
                check("programs:\n  handle_exit: {load: \"${x}\"}\n"));
        assertEquals(List.of("sizes.nope: no map 'nope' in exitsnoop.bpf.o"), check("sizes:\n  nope: {max-entries: 1}\n"));
        assertEquals(List.of("sizes.rb.value-size: ${n} * 0 is 0, not from 1 to 4294967295"),
                check("params:\n  n: {type: int, default: 3}\nsizes:\n  rb: {value-size: \"${n} * 0\"}\n"));
        assertEquals(List.of("param 'target_pid' has a type, so it is an option the runner reads itself, but it is"
                + " also a global variable of exitsnoop.bpf.o; drop its type to set the variable"),
                check("params:\n  target_pid: {type: int}\n"));
        assertEquals(List.of("params 'target_pid' and 'count' both use option --count; give one another long or short"
                + " name"), check("params:\n  target_pid: {long: count}\n  count: {type: int}\n"));
    }

    @Test
    void declaredStructsAndSampledGlobalsAreChecked() throws Exception {
        assertEquals(List.of("structs: struct event is already in the object's BTF; declare it"
                + " only where the object lacks it"), check("structs:\n  event: \"u32 pid;\"\n"));
        List<String> problems = check("maps:\n  nope: {}\n");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.getFirst().startsWith("maps.nope: no map 'nope' and no .bss or .data variable"),
                problems.toString());
    }
}
