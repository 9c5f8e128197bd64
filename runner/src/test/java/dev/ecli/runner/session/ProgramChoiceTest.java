package dev.ecli.runner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.MapSize;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.Program;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** programs.NAME.load/fallback and sizes:, as far as they are decided without a kernel. */
class ProgramChoiceTest {
    private static Manifest manifest(Map<String, Program> programs) {
        return new Manifest("t", null, "t.bpf.o", List.of(), null, programs, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    private static Program load(String load) {
        return new Program(null, null, null, load, null, false);
    }

    private static Function<String, Optional<String>> params(Map<String, String> values) {
        return n -> Optional.ofNullable(values.get(n));
    }

    @Test
    void loadFollowsABoolParamOrItsOpposite() throws Exception {
        Map<String, Program> programs = new LinkedHashMap<>();
        programs.put("a", load("${kill}"));
        programs.put("b", load("!${kill}"));
        programs.put("c", load("false"));
        programs.put("d", load("true"));
        assertEquals(Set.of("b", "c"), ProgramChoice.of(manifest(programs), params(Map.of("kill", "true"))).declined());
        assertEquals(Set.of("a", "c"), ProgramChoice.of(manifest(programs), params(Map.of("kill", "false"))).declined());
        PackageException e = assertThrows(PackageException.class,
                () -> ProgramChoice.of(manifest(programs), params(Map.of())));
        assertEquals("programs.a.load names ${kill}, which is not a parameter of the package", e.getMessage());
    }

    @Test
    void problemsNameBadFallbacksLoopsAndParams() {
        Map<String, Program> programs = new LinkedHashMap<>();
        programs.put("a", new Program(null, null, null, null, "b", false));
        programs.put("b", new Program(null, null, null, null, "a", false));
        programs.put("c", new Program(null, null, null, null, "nope", false));
        programs.put("d", load("${n}"));
        assertEquals(List.of(
                "programs.a.fallback: the fallback chain from a comes back to a program in it",
                "programs.b.fallback: the fallback chain from b comes back to a program in it",
                "programs.c.fallback: no program 'nope' in the object",
                "programs.d.load names ${n}, which is not a bool parameter"),
                ProgramChoice.problems(manifest(programs), Set.of("a", "b", "c", "d"), Set.of(), Set.of("n")));
    }

    @Test
    void sizesAreSumsOfProductsOfNumbersAndParams() throws Exception {
        Function<String, Optional<String>> p = params(Map.of("depth", "127", "n", "x"));
        assertEquals(1016, MapSizes.eval("s", "${depth} * 8", p));
        assertEquals(1024 + 16, MapSizes.eval("s", "1024 + 2*8", p));
        assertEquals(0, MapSizes.eval("s", null, p));
        assertEquals("s: ${n} * 8 is 'x * 8', not a sum of whole numbers",
                assertThrows(PackageException.class, () -> MapSizes.eval("s", "${n} * 8", p)).getMessage());
        assertEquals("s: 0 is 0, not from 1 to 4294967295",
                assertThrows(PackageException.class, () -> MapSizes.eval("s", "0", p)).getMessage());
        assertEquals("s names ${m}, which is not a parameter of the package",
                assertThrows(PackageException.class, () -> MapSizes.eval("s", "${m}", p)).getMessage());
        new MapSize("1", null); // the model takes either alone
    }
}
