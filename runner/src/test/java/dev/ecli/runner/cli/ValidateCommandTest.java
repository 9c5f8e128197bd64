package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code validate} reports every manifest mistake on its own line, at the place at fault (or
 * naming what is at fault), and exits 3; a good package prints {@code PACKAGE: ok}. Runs the
 * command in this JVM (validation loads nothing), plus once in a child for the real exit status.
 */
class ValidateCommandTest {
    @TempDir
    Path tmp;

    record Outcome(int code, String out, List<String> err) {}

    static Outcome validate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "validate";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        return new Outcome(code, out.toString(), err.toString().lines().toList());
    }

    /** A package of the exitsnoop object with this manifest. */
    private Path pkg(String manifest) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "pkg");
        Files.copy(RunnerProcess.repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o"), dir.resolve("exitsnoop.bpf.o"));
        Files.writeString(dir.resolve("package.yaml"), manifest);
        return dir;
    }

    /** Validates a manifest expected to have exactly one problem, and returns it. */
    private String oneProblem(String manifest) throws Exception {
        Path dir = pkg(manifest);
        Outcome o = validate(dir.toString());
        assertEquals(3, o.code(), o.toString());
        assertEquals("", o.out());
        assertEquals(1, o.err().size(), o.toString());
        String line = o.err().getFirst();
        assertTrue(line.startsWith(dir.resolve("package.yaml") + ":"), line);
        return line.substring(dir.resolve("package.yaml").toString().length());
    }

    @Test
    void theShippedPackagesAreOk() {
        for (String p : List.of("packages/exitsnoop", "examples/opensnoop")) {
            Path dir = RunnerProcess.repoRoot().resolve(p);
            Outcome o = validate(dir.toString());
            assertEquals(new Outcome(0, dir + ": ok" + System.lineSeparator(), List.of()), o);
        }
    }

    @Test
    void unknownKey() throws Exception {
        String p = oneProblem("name: x\nobject: exitsnoop.bpf.o\nobjekt: exitsnoop.bpf.o\n");
        assertTrue(p.startsWith(":3:1: unknown key 'objekt'"), p);
    }

    @Test
    void wrongType() throws Exception {
        String p = oneProblem("name: x\nobject: exitsnoop.bpf.o\nexports: {map: rb}\n");
        assertEquals(":3:10: 'exports' must be a list, got a mapping", p);
    }

    @Test
    void missingObject() throws Exception {
        assertEquals(": missing required key 'object'", oneProblem("name: x\n"));
    }

    @Test
    void exportOfAMissingMap() throws Exception {
        String p = oneProblem("name: x\nobject: exitsnoop.bpf.o\nexports:\n  - map: nosuch\n    struct: event\n");
        assertEquals(":4:10: exports[0].map: no map 'nosuch' in exitsnoop.bpf.o (its maps: cgroup_map, rb)", p);
    }

    @Test
    void exportOfAMapThatCarriesNoEvents() throws Exception {
        String p = oneProblem("name: x\nobject: exitsnoop.bpf.o\nexports:\n  - map: cgroup_map\n    struct: event\n");
        assertEquals(":4:10: exports[0].map: map 'cgroup_map' is a cgroup_array map; exports must be ring buffers"
                + " or perf event arrays", p);
    }

    @Test
    void exportOfAMissingStructOrOfSomethingElse() throws Exception {
        String p = oneProblem("name: x\nobject: exitsnoop.bpf.o\nexports:\n  - map: rb\n    struct: nosuch\n");
        assertTrue(p.startsWith(":5:13: exports[0].struct: no struct 'nosuch' in the BTF of exitsnoop.bpf.o"), p);
        p = oneProblem("name: x\nobject: exitsnoop.bpf.o\nexports:\n  - map: rb\n    struct: pid_t\n");
        assertEquals(":5:13: exports[0].struct: 'pid_t' is a typedef of __kernel_pid_t, not a struct", p);
    }

    @Test
    void fieldsTheStructDoesNotHave() throws Exception {
        String p = oneProblem("name: x\nobject: exitsnoop.bpf.o\nexports:\n  - map: rb\n    struct: event\n"
                + "    fields:\n      nosuch: {hidden: true}\n");
        assertTrue(p.startsWith(":7:7: exports[0].fields: struct event has no field 'nosuch' (its fields: pid, ppid,"), p);
    }

    @Test
    void paramsMustBeSettableGlobalsOfRodataBssOrData() throws Exception {
        String head = "name: x\nobject: exitsnoop.bpf.o\nparams:\n";
        assertTrue(oneProblem(head + "  nosuch: {}\n").startsWith(
                ":4:3: params.nosuch: no global variable 'nosuch' in .rodata, .bss or .data of exitsnoop.bpf.o"
                        + " (its variables: "));
        assertEquals(":4:3: params.rb: 'rb' is in section .maps, not .rodata, .bss or .data; a param must be a"
                + " global variable", oneProblem(head + "  rb: {}\n"));
        assertEquals(":4:3: params.handle_exit: 'handle_exit' is a program of exitsnoop.bpf.o, not a variable",
                oneProblem(head + "  handle_exit: {}\n"));
        assertTrue(oneProblem(head + "  unused_event: {}\n").startsWith(":4:3: params.unused_event: 'unused_event'"
                + " has type const volatile struct event *, which no option can set"));
        assertEquals(":5:17: params.filter_cg.cgroup-map: map 'rb' is a ringbuf map; it must be a"
                + " BPF_MAP_TYPE_CGROUP_ARRAY", oneProblem(head + "  filter_cg:\n    cgroup-map: rb\n"));
    }

    @Test
    void aTypoIsAnsweredWithTheCloseName() throws Exception {
        String head = "name: x\nobject: exitsnoop.bpf.o\n";
        assertEquals(":4:10: exports[0].map: no map 'rbb' in exitsnoop.bpf.o (did you mean 'rb'? its maps: cgroup_map,"
                + " rb)", oneProblem(head + "exports:\n  - map: rbb\n    struct: event\n"));
        String struct = oneProblem(head + "exports:\n  - map: rb\n    struct: evnt\n");
        assertTrue(struct.startsWith(":5:13: exports[0].struct: no struct 'evnt' in the BTF of exitsnoop.bpf.o (did you"
                + " mean 'event'? its structs: event, "), struct);
        assertTrue(oneProblem(head + "exports:\n  - map: rb\n    struct: event\n    fields:\n      PID: {hidden: true}\n")
                .startsWith(":7:7: exports[0].fields: struct event has no field 'PID' (did you mean 'pid'? its fields:"
                        + " pid, ppid,"));
        assertTrue(oneProblem(head + "params:\n  target_pdi: {}\n").startsWith(":4:3: params.target_pdi: no global"
                + " variable 'target_pdi' in .rodata, .bss or .data of exitsnoop.bpf.o (did you mean 'target_pid'?"));
        assertEquals(":4:3: programs.handle_exti: no program 'handle_exti' in exitsnoop.bpf.o (did you mean"
                + " 'handle_exit'? its programs: handle_exit)", oneProblem(head + "programs:\n  handle_exti: {}\n"));
    }

    @Test
    void aParamMayNotTakeAnOptionOfRunAndRunSaysSoInTheSameWords() throws Exception {
        String head = "name: x\nobject: exitsnoop.bpf.o\nparams:\n";
        String message = "params.target_pid: option -o is already a run option; give the param another short name";
        assertEquals(":4:23: " + message, oneProblem(head + "  target_pid: {short: o}\n"));
        assertEquals(":5:11: params.trace_failed_only: option --filter is already a run option; give the param"
                + " another long name", oneProblem(head + "  trace_failed_only:\n    long: filter\n"));
        try (RunnerProcess r = RunnerProcess.start("run", pkg(head + "  target_pid: {short: o}\n").toString())) {
            assertEquals(ExitCodes.PACKAGE, r.waitFor());
            assertEquals(List.of("ecli-java: " + message), r.stderr);
        }
    }

    @Test
    void programsMustExist() throws Exception {
        assertEquals(":4:3: programs.nosuch: no program 'nosuch' in exitsnoop.bpf.o (its programs: handle_exit)",
                oneProblem("name: x\nobject: exitsnoop.bpf.o\nprograms:\n  nosuch: {description: gone}\n"));
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() throws Exception {
        Path dir = pkg("name: x\nobject: exitsnoop.bpf.o\nexports:\n  - map: nosuch\n    struct: nosuch\n"
                + "params:\n  nosuch: {}\nprograms:\n  nosuch: {}\n");
        Outcome o = validate(dir.resolve("package.yaml").toString());
        assertEquals(3, o.code());
        assertEquals(4, o.err().size(), o.toString());
        assertTrue(o.err().stream().allMatch(l -> l.matches(".*package\\.yaml:\\d+:\\d+: .*")), o.toString());
    }

    @Test
    void aPackageWithoutExportsMustFollowTheConvention() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "pkg");
        Files.copy(RunnerProcess.repoRoot().resolve("runner/src/test/bpf/nostruct/nostruct.bpf.o"),
                dir.resolve("nostruct.bpf.o"));
        Files.writeString(dir.resolve("package.yaml"), "name: x\nobject: nostruct.bpf.o\n");
        Outcome o = validate(dir.toString());
        assertEquals(3, o.code());
        assertTrue(o.err().getFirst().contains("the manifest has no exports"), o.toString());
    }

    @Test
    void anEunomiaPackageJsonIsCheckedAgainstTheConvention() throws Exception {
        byte[] elf = Files.readAllBytes(RunnerProcess.repoRoot().resolve("packages/exitsnoop/exitsnoop.bpf.o"));
        Path json = Files.writeString(tmp.resolve("package.json"),
                EunomiaRunTest.eunomiaPackage(elf, "exitsnoop", "event").toString());
        assertEquals(new Outcome(0, json + ": ok" + System.lineSeparator(), List.of()), validate(json.toString()));
    }

    @Test
    void noPackageAtAllIsOneLine() {
        Outcome o = validate(tmp.resolve("absent").toString());
        assertEquals(new Outcome(3, "", List.of("ecli-java: package path does not exist: " + tmp.resolve("absent"))), o);
        o = validate(tmp.toString());
        assertEquals(new Outcome(3, "", List.of("ecli-java: no package.yaml or package.json in " + tmp)), o);
    }

    @Test
    void inAChildProcessTheExitStatusIs3AndNothingElseIsPrinted() throws Exception {
        Path dir = pkg("name: x\nobject: exitsnoop.bpf.o\nobjekt: 1\n");
        try (RunnerProcess r = RunnerProcess.start("validate", dir.toString())) {
            assertEquals(3, r.waitFor());
            assertTrue(r.stdout.isEmpty(), r.stdout.toString());
            assertEquals(1, r.stderr.size(), r.stderr.toString());
            assertTrue(r.stderr.getFirst().matches(".*package\\.yaml:3:1: unknown key 'objekt'.*"), r.stderr.toString());
        }
    }
}
