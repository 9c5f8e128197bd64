package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfKind;
import dev.ecli.btf.BtfType;
import dev.ecli.elf.ElfFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code build}: header structs kept in BTF without a line from the author, the manifest written
 * or only added to, clang's errors shown at file:line, missing tools named with their Debian
 * package, and exitsnoop rebuilt from source running like the committed object.
 */
class BuildCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {}

    static Outcome build(Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("build", dir.toString());
        return new Outcome(code, out.toString(), err.toString());
    }

    /** A small package: its header defines two structs, the program only uses one through a local pointer. */
    private Path twoStructPackage(String extraSource) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("twostructs"));
        Files.writeString(dir.resolve("two.h"), """
                #pragma once
                struct event { int n; char tag[8]; };
                typedef struct { unsigned long long at; unsigned flags: 3, level: 5; } extra_t;
                """);
        Files.writeString(dir.resolve("two.bpf.c"), """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include "two.h"
                char LICENSE[] SEC("license") = "GPL";
                struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } ring SEC(".maps");
                /* How many events to skip. */
                const volatile unsigned skip = 2;
                const volatile char label[8] = "x";
                SEC("tp/syscalls/sys_enter_getppid")
                int on_getppid(void *ctx)
                {
                    struct event *e = bpf_ringbuf_reserve(&ring, sizeof(*e), 0);
                    if (!e)
                        return 0;
                    e->n = skip;
                    bpf_ringbuf_submit(e, 0);
                    return 0;
                }
                """ + extraSource);
        return dir;
    }

    @Test
    void bothHeaderStructsAreKeptWithoutAnExportLine() throws Exception {
        Path dir = twoStructPackage("");
        Outcome o = build(dir);
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("built " + dir.resolve("two.bpf.o") + " (kept in BTF: struct event, extra_t)"), o.out());
        assertTrue(o.out().contains("wrote " + dir.resolve("package.yaml")), o.out());
        assertTrue(o.out().endsWith(dir.resolve("package.yaml") + ": ok" + System.lineSeparator()), o.out());
        assertTrue(o.err().contains("no exports written: 1 ring buffer/perf map(s) (ring) and 2 header struct(s)"
                + " (event, extra_t) do not pair up"), o.err());

        Btf btf = Btf.fromElf(ElfFile.read(dir.resolve("two.bpf.o")));
        BtfType.Struct event = (BtfType.Struct) btf.find("event", BtfKind.STRUCT).orElseThrow();
        assertEquals(List.of("n", "tag"), event.members().stream().map(BtfType.Member::name).toList());
        BtfType extra = btf.resolve(btf.find("extra_t", BtfKind.TYPEDEF).orElseThrow().id());
        assertEquals(List.of("at", "flags", "level"),
                ((BtfType.Struct) extra).members().stream().map(BtfType.Member::name).toList());
        // DWARF was stripped: only BTF remains.
        assertTrue(ElfFile.read(dir.resolve("two.bpf.o")).section(".debug_info").isEmpty());

        assertEquals("""
                # Written by ecli-java build from two.bpf.o. Edit freely: later builds only add what is missing.
                name: twostructs
                object: two.bpf.o
                programs:
                  on_getppid:
                    description: tracepoint syscalls/sys_enter_getppid (section tp/syscalls/sys_enter_getppid)
                params:
                  skip:
                    description: How many events to skip.
                  label:
                    description: "char label[8] in .rodata, compiled-in default \\"x\\""
                """, Files.readString(dir.resolve("package.yaml")));
    }

    @Test
    void aSecondBuildKeepsTheAuthorsTextAndOnlyAddsWhatIsNew() throws Exception {
        Path dir = twoStructPackage("");
        assertEquals(0, build(dir).code());
        String edited = Files.readString(dir.resolve("package.yaml")).replace("name: twostructs",
                "name: twostructs   # renamed? no\ndescription: Mine") + "# the end\n";
        Files.writeString(dir.resolve("package.yaml"), edited);
        Files.writeString(dir.resolve("two.bpf.c"), Files.readString(dir.resolve("two.bpf.c"))
                + "const volatile bool chatty = false; // print more\n");
        Outcome o = build(dir);
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("updated " + dir.resolve("package.yaml") + ": added params.chatty"), o.out());
        String now = Files.readString(dir.resolve("package.yaml"));
        assertEquals(edited.replace("# the end\n", "  chatty:\n    description: print more\n# the end\n"), now);
    }

    @Test
    void clangErrorsAreShownAtFileAndLineThenOneLine() throws Exception {
        Path dir = twoStructPackage("int broken(void) { return undeclared_thing; }\n");
        try (RunnerProcess r = RunnerProcess.start("build", dir.toString())) {
            assertEquals(3, r.waitFor(), r.stderr.toString());
            assertTrue(r.stderr.stream().anyMatch(l -> l.startsWith(dir + "/two.bpf.c:19:27: ")
                    && l.contains("error: use of undeclared identifier 'undeclared_thing'")), r.stderr.toString());
            assertTrue(r.stderr.stream().noneMatch(l -> l.contains("ecli-unit")), r.stderr.toString());
            assertEquals("ecli-java: clang failed on two.bpf.c", r.stderr.getLast());
            assertTrue(r.stdout.isEmpty(), r.stdout.toString());
        }
    }

    @Test
    void missingClangIsNamedWithItsDebianPackage() throws Exception {
        Path dir = twoStructPackage("");
        Path emptyPath = Files.createDirectories(tmp.resolve("empty-path"));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "build", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", emptyPath.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.exitValue(), err);
        assertEquals("ecli-java: clang not found on PATH; it compiles BPF programs: install the Debian package clang"
                + " (apt-get install clang)\n", err);
    }

    @Test
    void aManifestWithSchemaErrorsIsReportedAndLeftAlone() throws Exception {
        Path dir = twoStructPackage("");
        String broken = "name: twostructs\nobject: two.bpf.o\nparamz: {}\n";
        Files.writeString(dir.resolve("package.yaml"), broken);
        Outcome o = build(dir);
        assertEquals(3, o.code(), o.toString());
        assertTrue(o.out().contains("built " + dir.resolve("two.bpf.o")), o.out());
        assertTrue(o.err().startsWith(dir.resolve("package.yaml") + ":3:1: unknown key 'paramz'"), o.err());
        assertEquals(broken, Files.readString(dir.resolve("package.yaml")));
    }

    @Test
    void noSourcesIsOneLine() throws Exception {
        Outcome o = build(Files.createDirectories(tmp.resolve("nothing")));
        assertEquals(3, o.code());
        assertEquals("ecli-java: no *.bpf.c source in " + tmp.resolve("nothing") + System.lineSeparator(), o.err());
    }

    @Tag("bpf")
    @Test
    void exitsnoopRebuiltFromSourceRunsLikeTheCommittedObject() throws Exception {
        RunnerProcess.requireBpf();
        Path committed = RunnerProcess.repoRoot().resolve("packages/exitsnoop");
        Path dir = Files.createDirectories(tmp.resolve("exitsnoop"));
        for (String f : List.of("exitsnoop.bpf.c", "exitsnoop.h", "package.yaml")) {
            Files.copy(committed.resolve(f), dir.resolve(f));
        }
        String manifest = Files.readString(dir.resolve("package.yaml"));
        Outcome o = build(dir);
        assertEquals(0, o.code(), o.toString());
        // The author's manifest is untouched; the build only appended what it lacked.
        assertTrue(Files.readString(dir.resolve("package.yaml")).startsWith(manifest));

        try (RunnerProcess rebuilt = RunnerProcess.start("run", dir.toString(), "-o", "json", "--failed");
             RunnerProcess original = RunnerProcess.start("run", committed.toString(), "-o", "json", "--failed")) {
            rebuilt.awaitStderr(l -> l.contains("attached"), 30);
            original.awaitStderr(l -> l.contains("attached"), 30);
            Process child = new ProcessBuilder("sh", "-c", "exit 7").start();
            assertEquals(7, child.waitFor());
            String mine = rebuilt.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10);
            String theirs = original.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10);
            ObjectNode a = (ObjectNode) JSON.readTree(mine);
            ObjectNode b = (ObjectNode) JSON.readTree(theirs);
            assertEquals(7, a.get("exit_code").asInt());
            assertEquals(child.pid(), a.get("pid").asLong());
            // Each program reads the clock itself; everything else is the same event.
            a.remove("duration_ns");
            b.remove("duration_ns");
            assertEquals(b, a);
            assertEquals(0, rebuilt.signal("INT"), rebuilt.stderr.toString());
            assertEquals(0, original.signal("INT"), original.stderr.toString());
        }
    }
}
