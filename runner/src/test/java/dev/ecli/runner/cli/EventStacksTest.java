package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stacks carried inside events (bpf_get_stack into an array of the event): a package the test
 * builds sends the kernel and user stacks of each clock_nanosleep call; a C program the test
 * builds naps from a known function, and its events name kernel frames from kallsyms and its
 * own user frames ({@code format: kstack} / {@code ustack}, the process from {@code format: process}).
 */
@Tag("bpf")
class EventStacksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static void run(Path dir, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }

    /**
     * eunomia's stack_trace interpreter, in a package.json the test writes from its own program in
     * eunomia's layout (pid, cpu_id, comm, kstack_sz, ustack_sz, kstack, ustack; sizes in bytes, the
     * arrays not cleared past them): the frames within the sizes, named.
     */
    @Test
    void eunomiasStackTraceInterpreterNamesTheFramesWithinTheirSizes() throws Exception {
        RunnerProcess.requireBpf();
        Path pkg = Files.createDirectories(tmp.resolve("eustacks"));
        Files.writeString(pkg.resolve("eustacks.h"), """
                #define MAX_STACK_DEPTH 32
                typedef __u64 stack_trace_t[MAX_STACK_DEPTH];
                struct stacktrace_event {
                    __u32 pid;
                    __u32 cpu_id;
                    char comm[16];
                    __s32 kstack_sz;
                    __s32 ustack_sz;
                    stack_trace_t kstack;
                    stack_trace_t ustack;
                };
                """);
        Files.writeString(pkg.resolve("eustacks.bpf.c"), """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include "eustacks.h"
                char LICENSE[] SEC("license") = "GPL";
                struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } events SEC(".maps");
                const volatile __u32 target_tgid = 0;
                SEC("tracepoint/syscalls/sys_enter_clock_nanosleep")
                int on_nap(void *ctx)
                {
                    __u32 tgid = bpf_get_current_pid_tgid() >> 32;
                    if (target_tgid && tgid != target_tgid)
                        return 0;
                    struct stacktrace_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
                    if (!e)
                        return 0;
                    /* as eunomia's profile does: no clearing, the sizes say what is valid; stale words after them */
                    e->kstack[MAX_STACK_DEPTH - 1] = 0x1234;
                    e->ustack[MAX_STACK_DEPTH - 1] = 0x1234;
                    e->pid = tgid;
                    e->cpu_id = bpf_get_smp_processor_id();
                    bpf_get_current_comm(e->comm, sizeof(e->comm));
                    e->kstack_sz = bpf_get_stack(ctx, e->kstack, sizeof(e->kstack), 0);
                    e->ustack_sz = bpf_get_stack(ctx, e->ustack, sizeof(e->ustack), BPF_F_USER_STACK);
                    bpf_ringbuf_submit(e, 0);
                    return 0;
                }
                """);
        Files.writeString(pkg.resolve("package.yaml"), "name: eustacks\nobject: eustacks.bpf.o\n");
        try (RunnerProcess b = RunnerProcess.start("build", pkg.toString())) {
            assertEquals(0, b.waitFor(), b.stderr.toString());
        }
        EunomiaWriter w = new EunomiaWriter(Files.readAllBytes(pkg.resolve("eustacks.bpf.o")), "eustacks", "events",
                "stacktrace_event");
        var root = w.current();
        EunomiaWriter.maps(root).forEach(m -> {
            if (m.get("name").asText().equals("events")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) m).putObject("intepreter").putObject("stack_trace")
                        .put("with_symbols", true);
            }
        });
        Path json = EunomiaWriter.write(tmp.resolve("eu"), root);
        Process nap = napper();
        try (RunnerProcess r = RunnerProcess.start("run", json.toString(), "-o", "json", "--target_tgid",
                Long.toString(nap.pid()), "--max-events", "3")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            assertEquals(3, r.allStdout.size(), r.allStdout.toString());
            for (String line : r.allStdout) {
                JsonNode e = JSON.readTree(line);
                assertEquals(nap.pid(), e.get("pid").asLong());
                List<String> kernel = new ArrayList<>(), user = new ArrayList<>();
                e.get("kstack").forEach(f -> kernel.add(f.asText()));
                e.get("ustack").forEach(f -> user.add(f.asText()));
                assertEquals(e.get("kstack_sz").asInt() / 8, kernel.size(), "only the frames kstack_sz covers: " + e);
                assertEquals(e.get("ustack_sz").asInt() / 8, user.size(), "only the frames ustack_sz covers: " + e);
                assertTrue(kernel.stream().anyMatch(f -> f.startsWith("do_syscall_64")), kernel.toString());
                assertTrue(user.contains("main"), user.toString());
            }
        } finally {
            nap.destroyForcibly();
            nap.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A program the test builds that naps from a known function, forever. */
    private Process napper() throws Exception {
        Files.writeString(tmp.resolve("nap.c"), """
                #include <time.h>
                __attribute__((noinline)) void ecli_nap(void) { struct timespec t = {0, 20000000}; for (;;) clock_nanosleep(CLOCK_MONOTONIC, 0, &t, 0); }
                int main(void) { ecli_nap(); return 0; }
                """);
        run(tmp, "clang", "-O2", "-fPIE", "-pie", "-fno-omit-frame-pointer", "-mno-omit-leaf-frame-pointer", "-o",
                "nap", "nap.c");
        return new ProcessBuilder(tmp.resolve("nap").toString()).start();
    }

    @Test
    void kernelAndUserStacksInEventsAreNamed() throws Exception {
        RunnerProcess.requireBpf();
        Path pkg = Files.createDirectories(tmp.resolve("napstacks"));
        Files.writeString(pkg.resolve("napstacks.h"), """
                #define DEPTH 32
                struct event {
                    __u32 tgid;
                    __u64 kstack[DEPTH];
                    __u64 ustack[DEPTH];
                };
                """);
        Files.writeString(pkg.resolve("napstacks.bpf.c"), """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include "napstacks.h"
                char LICENSE[] SEC("license") = "GPL";
                struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 256 * 1024); } rb SEC(".maps");
                const volatile __u32 target_tgid = 0;
                SEC("tracepoint/syscalls/sys_enter_clock_nanosleep")
                int on_nap(void *ctx)
                {
                    __u32 tgid = bpf_get_current_pid_tgid() >> 32;
                    if (target_tgid && tgid != target_tgid)
                        return 0;
                    struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
                    if (!e)
                        return 0;
                    __builtin_memset(e, 0, sizeof(*e));
                    e->tgid = tgid;
                    bpf_get_stack(ctx, e->kstack, sizeof(e->kstack), 0);
                    bpf_get_stack(ctx, e->ustack, sizeof(e->ustack), BPF_F_USER_STACK);
                    bpf_ringbuf_submit(e, 0);
                    return 0;
                }
                """);
        Files.writeString(pkg.resolve("package.yaml"), """
                name: napstacks
                object: napstacks.bpf.o
                exports:
                  - map: rb
                    struct: event
                    fields:
                      tgid: {format: process}
                      kstack: {format: kstack}
                      ustack: {format: ustack}
                params:
                  target_tgid: {long: pid}
                """);
        try (RunnerProcess b = RunnerProcess.start("build", pkg.toString())) {
            assertEquals(0, b.waitFor(), b.stderr.toString());
        }
        Process nap = napper();
        try (RunnerProcess r = RunnerProcess.start("run", pkg.toString(), "-o", "json", "--pid",
                Long.toString(nap.pid()), "--max-events", "5")) {
            assertEquals(0, r.waitFor(), r.stderr.toString());
            Set<String> kallsyms = new HashSet<>();
            for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
                String[] f = line.split("\\s+");
                if (f.length >= 3) {
                    kallsyms.add(f[2]);
                }
            }
            assertEquals(5, r.allStdout.size(), r.allStdout.toString());
            for (String line : r.allStdout) {
                JsonNode e = JSON.readTree(line);
                assertEquals(nap.pid(), e.get("tgid").asLong());
                List<String> kernel = new ArrayList<>();
                e.get("kstack").forEach(f -> kernel.add(f.asText()));
                assertTrue(!kernel.isEmpty() && kernel.stream().allMatch(f -> kallsyms.contains(f.replaceAll("\\+0x[0-9a-f]+$", ""))),
                        "kernel frames from kallsyms: " + kernel);
                List<String> user = new ArrayList<>();
                e.get("ustack").forEach(f -> user.add(f.asText()));
                // libc's clock_nanosleep keeps no frame pointer, so ecli_nap itself may be passed over; main is not
                assertTrue(user.contains("main") && user.stream().noneMatch(f -> f.startsWith("0x")), "user frames: " + user);
            }
        } finally {
            nap.destroyForcibly();
            nap.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
