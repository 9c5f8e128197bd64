package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/mountcalls: a tmpfs mount and umount the test makes from a directory it knows come out
 * with the union's arm their op names (and no other), the op's name, and the working directory
 * read innermost first from the dentry and shown as a path.
 */
@Tag("bpf")
class MountcallsExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String pkg() {
        return RunnerProcess.repoRoot().resolve("examples/mountcalls").toString();
    }

    private static long run(Path cwd, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
        return p.pid();
    }

    @Test
    void theUnionsArmByOpAndTheWorkingDirectoryAsAPath() throws Exception {
        RunnerProcess.requireBpf();
        Path target = Files.createDirectory(tmp.resolve("mnt"));
        Path cwd = Files.createDirectories(tmp.resolve("here").resolve("there"));
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "-o", "json", "--text")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            long mount = run(cwd, "mount", "-t", "tmpfs", "ecli-mounts-src", target.toString());
            JsonNode m = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + mount + ","), 10));
            long umount = run(cwd, "umount", target.toString());
            JsonNode u = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + umount + ","), 10));
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);

            assertEquals("mount", m.get("call_op_text").asText());
            assertEquals(List.of("source", "target", "fstype", "flags"), names(m.get("call_args")), "the mount arm only");
            assertEquals("ecli-mounts-src", m.get("call_args").get("source").asText());
            assertEquals(target.toString(), m.get("call_args").get("target").asText());
            assertEquals("tmpfs", m.get("call_args").get("fstype").asText());
            assertEquals(0, m.get("call_ret").asInt());
            assertEquals(cwd.toRealPath().toString(), m.get("work_dir").asText(), "names innermost first, shown as a path");

            assertEquals("umount", u.get("call_op_text").asText());
            assertEquals(List.of("target", "flags"), names(u.get("call_args")), "the umount arm only");
            assertEquals(target.toString(), u.get("call_args").get("target").asText());
            assertEquals(cwd.toRealPath().toString(), u.get("work_dir").asText());
        }
    }

    @Test
    void aFailedUmountSaysWhyInTheTable() throws Exception {
        RunnerProcess.requireBpf();
        Path notMounted = Files.createDirectory(tmp.resolve("plain"));
        // --wide: the union's arm whole (without it, cut with … at its column's 24)
        try (RunnerProcess r = RunnerProcess.start("run", pkg(), "--wide")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process p = new ProcessBuilder("umount", notMounted.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            String row = r.awaitLine(l -> l.contains(notMounted.toString()), 10);
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
            // PID RET OP COMM ARGS CWD: the error's name, the op's, the umount arm inline
            assertTrue(row.matches(p.pid() + "\\s+-EINVAL\\s+umount\\s+umount\\s+\\{target=" + notMounted
                    + " flags=0}\\s+.*"), row);
        }
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
