package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * --enrich on exitsnoop: children the test puts into a docker-like cgroup
 * ({@code .../docker-<64 hex>.scope}) and a systemd-like {@code foo.service} exit with known
 * codes, and their events carry the exact cgroup path, unit, runtime and container id.
 */
@Tag("bpf")
class EnrichRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0123456789abcdef".repeat(4);
    private static Path parent;
    private static Path docker;
    private static Path service;
    private static String dockerPath;
    private static String servicePath;

    @BeforeAll
    static void cgroups() throws Exception {
        RunnerProcess.requireBpf();
        parent = TestCgroup.create("ecli-enrich-" + ProcessHandle.current().pid());
        docker = Files.createDirectories(parent.resolve("docker-" + ID + ".scope"));
        service = Files.createDirectories(parent.resolve("foo.service"));
        Path root = parent.getParent();
        dockerPath = "/" + root.relativize(docker);
        servicePath = "/" + root.relativize(service);
    }

    @AfterAll
    static void removeCgroups() throws Exception {
        for (Path p : new Path[] {docker, service, parent}) {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A child that moves itself into {@code cg} and exits with {@code code}; its pid. */
    private static long exitIn(Path cg, int code) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "echo $$ > '" + cg.resolve("cgroup.procs") + "' && exit " + code)
                .redirectErrorStream(true).start();
        assertEquals(code, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        return p.pid();
    }

    @Test
    void aTypedefAsksForEnrichmentToo() throws Exception {
        // sigsnoop's cgroup_id is an ecli_cgroup_id; its manifest says nothing of it.
        String sigsnoop = RunnerProcess.repoRoot().resolve("examples/sigsnoop").toString();
        try (RunnerProcess r = RunnerProcess.start("run", sigsnoop, "--enrich", "-o", "json",
                "--fields", "tpid,sig,cgroup,container")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process p = new ProcessBuilder("sh", "-c", "echo $$ > '" + docker.resolve("cgroup.procs") + "' && kill -0 $$")
                    .start();
            assertEquals(0, p.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"tpid\":" + p.pid() + ","), 10));
            assertEquals(JSON.readTree("{\"tpid\":" + p.pid() + ",\"sig\":0,\"cgroup\":\"" + dockerPath
                    + "\",\"container\":\"" + ID + "\"}"), e);
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }

    private static long inode(Path p) throws Exception {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("packages/exitsnoop").toString();
    }

    @Test
    void jsonNamesTheCgroupUnitAndContainer() throws Exception {
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--enrich", "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long inDocker = exitIn(docker, 7);
            long inService = exitIn(service, 8);
            JsonNode d = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + inDocker + ","), 10));
            JsonNode s = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + inService + ","), 10));
            List<String> names = new ArrayList<>();
            d.fieldNames().forEachRemaining(names::add);
            assertEquals(List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "tid", "sig", "core_dumped",
                    "cgroup_id", "cgroup", "unit", "runtime", "container"), names);
            assertEquals(7, d.get("exit_code").asInt());
            assertEquals(inode(docker), d.get("cgroup_id").asLong());
            assertEquals(dockerPath, d.get("cgroup").asText());
            assertEquals("docker-" + ID + ".scope", d.get("unit").asText());
            assertEquals("docker", d.get("runtime").asText());
            assertEquals(ID, d.get("container").asText());
            assertEquals(8, s.get("exit_code").asInt());
            assertEquals(inode(service), s.get("cgroup_id").asLong());
            assertEquals(servicePath, s.get("cgroup").asText());
            assertEquals("foo.service", s.get("unit").asText());
            assertEquals("", s.get("runtime").asText());
            assertEquals("", s.get("container").asText());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }

    @Test
    void tableShowsEnrichedColumns() throws Exception {
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--enrich",
                "--fields", "pid,exit_code,cgroup,unit,runtime,container")) {
            String header = r.awaitLine(l -> !l.isBlank(), 30);
            assertEquals(List.of("PID", "EXIT_CODE", "CGROUP", "UNIT", "RUNTIME", "CONTAINER"),
                    Arrays.asList(header.trim().split("\\s+")));
            r.awaitStderr(l -> l.contains("attached"), 30);
            long inDocker = exitIn(docker, 7);
            String row = r.awaitLine(l -> l.startsWith(inDocker + " "), 10);
            assertEquals(List.of(String.valueOf(inDocker), "7", dockerPath, "docker-" + ID + ".scope", "docker", ID),
                    Arrays.asList(row.trim().split("\\s+")));
            assertEquals(header.indexOf("CGROUP"), row.indexOf(dockerPath));
            assertEquals(0, r.signal("TERM"), "stderr: " + r.stderr);
        }
    }

    @Test
    void filterOnAnEnrichedFieldKeepsOnlyThatGroup() throws Exception {
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--enrich", "-o", "json",
                "--filter", "unit==foo.service")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long inDocker = exitIn(docker, 7);
            long inService = exitIn(service, 8);
            long inDocker2 = exitIn(docker, 9);
            long inService2 = exitIn(service, 10);
            r.awaitLine(l -> l.contains("\"pid\":" + inService2 + ","), 10);
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            List<String> lines = List.copyOf(r.allStdout);
            for (String l : lines) {
                assertEquals(servicePath, JSON.readTree(l).get("cgroup").asText(), l);
            }
            assertEquals(1, lines.stream().filter(l -> l.contains("\"pid\":" + inService + ",")).count(), lines.toString());
            assertFalse(lines.stream().anyMatch(l -> l.contains("\"pid\":" + inDocker + ",")
                    || l.contains("\"pid\":" + inDocker2 + ",")), lines.toString());
        }
    }
}
