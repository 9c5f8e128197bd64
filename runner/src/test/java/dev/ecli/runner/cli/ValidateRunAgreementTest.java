package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * validate ≡ run on a corpus of broken manifests, one mistake each, over the exitsnoop object:
 * validate reports it (exit 3) and run, without privilege so that it stops before loading,
 * refuses it with exit 3 in one line too; where both say it in the same words, the words match.
 */
class ValidateRunAgreementTest {
    private static final String HEAD = "name: x\nobject: exitsnoop.bpf.o\n";

    @TempDir
    Path tmp;

    /** The message without its place: what follows {@code package.yaml[:LINE:COL]: }, else after {@code ecli-java: }. */
    private static String message(String line) {
        return line.replaceFirst("^(ecli-java: )?(\\S*package\\.yaml(:\\d+:\\d+)?: )?", "");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "params:\\n  target_pid: {short: o}\\n                                               | true",
        "params:\\n  target_pid: {long: filter}\\n                                           | true",
        "params:\\n  target_pdi: {}\\n                                                       | false",
        "params:\\n  target_pid: {default: abc}\\n                                           | true",
        "params:\\n  target_pid: {default: 99999999999}\\n                                   | true",
        "params:\\n  trace_failed_only: {short: z}\\n  trace_by_thread: {short: z}\\n        | true",
        "params:\\n  target_pid: {type: int}\\n                                              | true",
        "params:\\n  target_pid: {cgroup-map: cgroup_map}\\n                                 | true",
        "params:\\n  extra: {type: string, scale: 10}\\n                                     | true",
        "exports:\\n  - map: rbb\\n    struct: event\\n                                     | false",
        "exports:\\n  - map: rb\\n    struct: evnt\\n                                      | false",
        "exports:\\n  - map: cgroup_map\\n    struct: event\\n                              | false",
        "exports:\\n  - {map: rb, struct: event, fields: {pdi: {hidden: true}}}\\n          | false",
        "exports:\\n  - {map: rb, struct: event, fields: {comm: {format: ipv4}}}\\n         | true",
        "exports:\\n  - {map: rb, struct: event, fields: {pid: {format: nosuch}}}\\n        | true",
        "exports:\\n  - {map: rb, struct: event, fields: {sig: {enum: NO_SUCH_ENUMERATOR}}}\\n | true",
        "exports:\\n  - {map: rb, struct: event, fields: {sig: {names: {x: A}}}}\\n         | true",
        "exports:\\n  - {map: rb, struct: event, fields: {pid: {family: ppid}}}\\n          | true",
        "exports:\\n  - {map: rb, struct: event, drops: nosuch}\\n                           | true",
        "exports:\\n  - {map: rb, struct: event, drops: target_pid}\\n                       | true",
        "exports:\\n  - {map: rb, struct: event, computed: {x: {expr: 'pid +'}}}\\n         | true",
        "exports:\\n  - {map: rb, struct: event, computed: {pid: {expr: 'pid + 1'}}}\\n     | true",
        "programs:\\n  handle_exti: {}\\n                                                    | false",
        "programs:\\n  handle_exit: {fallback: nosuch}\\n                                    | true",
        "programs:\\n  handle_exit: {load: '${nosuch}'}\\n                                   | true",
        "programs:\\n  handle_exit: {load: '${target_pid}'}\\n                               | true",
        "maps:\\n  nosuch: {}\\n                                                             | false",
        "maps:\\n  rb: {}\\n                                                                 | false",
        "sizes:\\n  nosuch: {max-entries: 10}\\n                                             | true",
        "sizes:\\n  rb: {max-entries: '${nosuch}'}\\n                                        | true",
        "metrics:\\n  m: {map: nosuch}\\n                                                   | true",
        "objekt: 1\\n                                                                        | true",
        "exports: {map: rb}\\n                                                               | true",
    })
    void validateReportsWhatRunRefuses(String tail, boolean sameWords) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "pkg");
        Files.copy(RunnerProcess.repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o"), dir.resolve("exitsnoop.bpf.o"));
        Files.writeString(dir.resolve("package.yaml"), HEAD + tail.replace("\\n", "\n"));

        ValidateCommandTest.Outcome v = ValidateCommandTest.validate(dir.toString());
        assertEquals(ExitCodes.PACKAGE, v.code(), v.toString());
        assertFalse(v.err().isEmpty(), v.toString());

        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all"));
        cmd.addAll(RunnerProcess.javaCommand());
        cmd.addAll(List.of("run", dir.toString(), "-o", "json"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        List<String> run = new String(p.getErrorStream().readAllBytes()).strip().lines().toList();
        assertEquals(ExitCodes.PACKAGE, p.waitFor(), "run: " + run + "; validate: " + v.err());
        assertEquals(1, run.size(), run.toString());
        if (sameWords) {
            assertEquals(message(v.err().getFirst()), message(run.getFirst()));
        }
    }
}
