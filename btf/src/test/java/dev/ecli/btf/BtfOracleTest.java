package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our raw dump against {@code bpftool btf dump file}, byte for byte: the running kernel's
 * vmlinux, one module's split BTF, every {@code *.bpf.o} in the repository, and hand-built
 * blobs (both byte orders, split). Without bpftool the test is skipped, or fails under CI=true.
 */
class BtfOracleTest {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static Path bpftool;

    @TempDir
    static Path tmp;

    /** Finds bpftool; skips the calling test without it, or fails it under CI=true. */
    private static void requireBpftool() {
        bpftool = TestFiles.bpftool();
        if (bpftool == null && TestFiles.ci()) {
            fail("bpftool not found on PATH or in /usr/sbin, and CI=true: the BTF oracle test must run in CI");
        }
        assumeTrue(bpftool != null, "bpftool not installed; skipping the bpftool oracle test");
    }

    /** Surefire does not count skipped test factories; this test shows the skip (or CI failure). */
    @Test
    void bpftoolIsAvailable() {
        requireBpftool();
    }

    @TestFactory
    Stream<DynamicTest> repositoryObjects() {
        requireBpftool();
        List<Path> objects = TestFiles.bpfObjects(TestFiles.repoRoot());
        assertFalse(objects.isEmpty(), "no *.bpf.o found under " + TestFiles.repoRoot());
        return objects.stream().map(p -> DynamicTest.dynamicTest(TestFiles.repoRoot().relativize(p).toString(),
                () -> assertSameDump(p, null)));
    }

    @TestFactory
    Stream<DynamicTest> kernel() {
        requireBpftool();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("vmlinux", () -> {
            assumeTrue(Files.isReadable(VMLINUX), "no " + VMLINUX);
            assertSameDump(VMLINUX, null);
        }));
        tests.add(DynamicTest.dynamicTest("a module's split BTF", () -> {
            Path module = firstModule();
            assumeTrue(module != null, "no kernel module BTF under /sys/kernel/btf");
            assertSameDump(module, VMLINUX);
        }));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> handBuiltBlobs() {
        requireBpftool();
        List<DynamicTest> tests = new ArrayList<>();
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            tests.add(DynamicTest.dynamicTest("every kind, " + order, () -> {
                Path f = tmp.resolve("kinds-" + order + ".btf");
                Files.write(f, Samples.everyKind(order).build());
                assertSameDump(f, null);
            }));
            tests.add(DynamicTest.dynamicTest("split on a base, " + order, () -> {
                BtfBuilder base = Samples.everyKind(order);
                byte[] baseBlob = base.build();
                Path baseFile = tmp.resolve("base-" + order + ".btf");
                Files.write(baseFile, baseBlob);
                Path f = tmp.resolve("split-" + order + ".btf");
                Files.write(f, Samples.split(order, base.nextId(), BtfKindsTest.baseStringLength(baseBlob, order))
                        .build());
                assertSameDump(f, baseFile);
            }));
        }
        return tests.stream();
    }

    private static Path firstModule() throws IOException {
        Path dir = VMLINUX.getParent();
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.equals(VMLINUX)).sorted().findFirst().orElse(null);
        }
    }

    private static void assertSameDump(Path file, Path base) throws Exception {
        byte[] want = bpftoolDump(file, base);
        Btf btf = base == null ? Btf.read(file) : Btf.readSplit(file, Btf.read(base));
        byte[] got = BtfDumper.dump(btf).getBytes(StandardCharsets.UTF_8);
        if (!Arrays.equals(want, got)) {
            fail(file + ": dump differs from bpftool's at " + firstDifference(want, got));
        }
    }

    private static byte[] bpftoolDump(Path file, Path base) throws Exception {
        // -B (--base-btf) works in every bpftool; the newer "base BASE" keyword does not.
        List<String> cmd = new ArrayList<>(List.of(bpftool.toString()));
        if (base != null) {
            cmd.addAll(List.of("-B", base.toString()));
        }
        cmd.addAll(List.of("btf", "dump", "file", file.toString()));
        Path out = Files.createTempFile(tmp, "bpftool", ".txt");
        Path err = Files.createTempFile(tmp, "bpftool", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertNotNull(p);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bpftool timed out on " + file);
        }
        assertEquals(0, p.exitValue(), () -> "bpftool exit code for " + String.join(" ", cmd) + ": "
                + readString(err));
        return Files.readAllBytes(out);
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** "line N: want ... got ..." for the first line that differs. */
    static String firstDifference(byte[] want, byte[] got) {
        String[] w = new String(want, StandardCharsets.UTF_8).split("\n", -1);
        String[] g = new String(got, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < Math.max(w.length, g.length); i++) {
            String a = i < w.length ? w[i] : "<end>";
            String b = i < g.length ? g[i] : "<end>";
            if (!a.equals(b)) {
                return "line " + (i + 1) + ":\n  bpftool: " + a + "\n  ours:    " + b;
            }
        }
        return "byte level only (" + want.length + " vs " + got.length + " bytes)";
    }
}
