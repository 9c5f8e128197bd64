package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code inspect} (text) lists a package's options under PARAMS, as the README says: option
 * names, C type, default (the manifest's, else the object's) and description, each checked
 * against what the package's own manifest and object say.
 */
class InspectParamsTest {
    private static List<String> params(String pkg) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("inspect", RunnerProcess.repoRoot().resolve(pkg).toString());
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        int at = lines.indexOf("PARAMS");
        assertTrue(at >= 0, "no PARAMS section in:\n" + out);
        return lines.subList(at + 1, lines.size()).stream().takeWhile(l -> !l.isEmpty()).toList();
    }

    /** The row whose first cell is {@code option}, split at runs of two or more spaces. */
    private static List<String> row(List<String> table, String option) {
        return table.stream().filter(l -> l.startsWith(option + " ")).findFirst()
                .map(l -> List.of(l.split(" {2,}"))).orElseThrow(() -> new AssertionError(option + " in " + table));
    }

    @Test
    void exitsnoopsOptionsWithTypesDefaultsAndDescriptions() {
        List<String> table = params("packages/exitsnoop");
        assertEquals(List.of("OPTION", "TYPE", "DEFAULT", "VARIABLE", "DESCRIPTION"), List.of(table.getFirst().split(" +")));
        // package.yaml: target_pid {short: p, long: pid}; the object: const volatile pid_t target_pid = 0
        assertEquals(List.of("-p, --pid", "pid_t", "0", "target_pid", "Trace this process ID only."), row(table, "-p, --pid"));
        assertEquals(List.of("-x, --failed", "bool", "false", "trace_failed_only",
                "Trace failed exits only (non-zero code or killed by a signal)."), row(table, "-x, --failed"));
        assertEquals(List.of("-c, --cgroup", "cgroup directory", "-", "filter_cg", "Trace processes in this cgroup only."),
                row(table, "-c, --cgroup"));
        // every column starts where its heading does
        int described = table.getFirst().indexOf("DESCRIPTION");
        table.stream().skip(1).forEach(l -> assertEquals(' ', l.charAt(described - 1), l));
    }

    @Test
    void manifestDefaultsAndRunnerOptions() {
        List<String> table = params("packages/libbpf-tools/runqlat");
        // params.interval: {type: int, default: 99999999}: read by the runner, no variable behind it
        List<String> interval = row(table, "--interval");
        assertEquals(List.of("--interval", "long", "99999999", "-"), interval.subList(0, 4));
        assertTrue(interval.get(4).startsWith("Seconds between prints"), interval.toString());
        assertEquals(List.of("-P, --pids", "bool", "false", "targ_per_process", "A histogram per process ID."),
                row(table, "-P, --pids"));
    }
}
