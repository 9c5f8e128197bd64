package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder's JSON contract, end to end: a real BPF program (runner/src/test/bpf/allkinds)
 * emits one struct holding every value kind, with values it sets itself, when a process named
 * ecli_allkinds exits; the test runs that process and checks every decoded value.
 */
@Tag("bpf")
class AllKindsDecodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyKindDecodesToItsExactValue(@TempDir Path tmp) throws Exception {
        RunnerProcess.requireBpf();
        Path trigger = tmp.resolve("ecli_allkinds");
        Files.copy(Path.of("/bin/sh"), trigger, StandardCopyOption.COPY_ATTRIBUTES);
        String pkg = RunnerProcess.repoRoot().resolve("runner/src/test/bpf/allkinds").toString();
        try (RunnerProcess r = RunnerProcess.start("run", pkg, "-o", "json")) {
            r.awaitStderr(l -> l.contains("attached"), 30);
            Process child = new ProcessBuilder(trigger.toString(), "-c", "exit 3").start();
            assertEquals(3, child.waitFor());
            JsonNode e = JSON.readTree(r.awaitLine(l -> l.contains("\"pid\":" + child.pid() + ","), 10));

            assertEquals(child.pid(), e.get("pid").asLong());
            assertEquals(255, e.get("u8max").asInt());
            assertEquals(-128, e.get("s8min").asInt());
            assertEquals(65535, e.get("u16max").asInt());
            assertEquals(-32768, e.get("s16min").asInt());
            assertEquals(4294967295L, e.get("u32max").asLong());
            assertEquals(Integer.MIN_VALUE, e.get("s32min").asInt());
            assertEquals(new BigInteger("18446744073709551615"), e.get("u64max").bigIntegerValue());
            assertEquals(Long.MIN_VALUE, e.get("s64min").asLong());
            assertEquals(Long.MAX_VALUE, e.get("s64max").asLong());
            assertEquals(true, e.get("yes").asBoolean());
            assertEquals(JSON.readTree("false"), e.get("no"));
            assertEquals("hi", e.get("with_nul").asText());
            assertEquals("abcd", e.get("no_nul").asText());
            assertEquals("BLUE", e.get("named").asText());
            assertEquals(7, e.get("unnamed").asInt());
            assertEquals(JSON.readTree("{\"a\":513,\"b\":-5}"), e.get("nested"));
            assertEquals(JSON.readTree("[1,-2,3]"), e.get("arr"));
            assertEquals(0x3fc00000L, e.get("un").get("u").asLong());
            assertEquals(1.5, e.get("un").get("f").asDouble());
            assertEquals(5, e.get("bf_a").asInt());
            assertEquals(17, e.get("bf_b").asInt());
            assertEquals(-3, e.get("bf_c").asInt());
            assertEquals(2.5, e.get("fl").asDouble());
            assertEquals(-0.125, e.get("dbl").asDouble());
            assertEquals(42, e.get("anon_x").asInt());
            assertEquals(3, e.get("exit_code").asInt());
            assertEquals(0, r.signal("INT"), "stderr: " + r.stderr);
        }
    }
}
