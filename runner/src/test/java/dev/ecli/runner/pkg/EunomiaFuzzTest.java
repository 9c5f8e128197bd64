package dev.ecli.runner.pkg;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecli.btf.Btf;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.elf.ElfFile;
import dev.ecli.runner.fuzz.Replay;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.manifest.ManifestFuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Coverage-guided fuzzing of the eunomia {@code package.json} reader (issue #8), through
 * {@link PackageLoader#load} on a package directory as the CLI does. Only {@link PackageException}
 * may come out; an object it accepts then goes to the ELF and BTF readers, which may only throw
 * {@link BtfFormatException}.
 *
 * <p>Two input shapes: a whole {@code package.json}, or (first byte 0) {@code 0 JSON 0 OBJECT}, where
 * OBJECT is zlib-compressed and base64-encoded here and put first into the JSON object as
 * {@code bpf_object}, so that the fuzzer reaches the inflater and the object behind it without
 * having to invent zlib and base64 itself.
 *
 * <p>{@code mvn test} replays the seeds and past crash inputs in
 * {@code src/test/resources/dev/ecli/runner/pkg/EunomiaFuzzTestInputs/load} and {@code .../skeleton};
 * {@code scripts/fuzz.sh eunomia} and {@code scripts/fuzz.sh eunomia-meta} fuzz.
 */
class EunomiaFuzzTest {
    private static final Path DIR = tempDir();

    @FuzzTest(maxDuration = "10s")
    void load(byte[] input) throws Throwable {
        Replay.bounded(() -> loadOnce(input));
    }

    private static void loadOnce(byte[] input) throws IOException {
        Files.write(DIR.resolve("package.json"), packageJson(input));
        PackageSpec spec;
        try {
            spec = PackageLoader.load(DIR);
        } catch (PackageException expected) {
            ManifestFuzzTest.oneLine(expected);
            return;
        }
        spec.toString();
        spec.exportTypes();
        if (spec.kind() == PackageSpec.Kind.EUNOMIA) {
            try {
                ElfFile elf = ElfFile.parse(spec.objectBytes());
                Btf.fromElf(elf);
            } catch (BtfFormatException expected) {
                // A package may carry a broken object; the reader says so in its own way.
            }
        }
    }

    private static final Path SKELETON = skeletonDir();

    /**
     * The metadata of an eunomia skeleton ({@code *.skel.json}) as the input, beside a real object
     * (our examples/tcpconnect: two perf event arrays, two structs), so that {@code export_types} type ids and members,
     * {@code export_config}, {@code sample} and {@code cmdarg} meet real BTF: loading may only
     * throw {@link PackageException}, and validating lists only one-line problems.
     */
    @FuzzTest(maxDuration = "10s")
    void skeleton(byte[] input) throws Throwable {
        Replay.bounded(() -> skeletonOnce(input));
    }

    private static void skeletonOnce(byte[] input) throws IOException {
        Path meta = Files.write(SKELETON.resolve("tcpconnect.skel.json"), input);
        try {
            PackageLoader.load(meta).manifest().exports();
        } catch (PackageException expected) {
            ManifestFuzzTest.oneLine(expected);
        }
        try {
            dev.ecli.runner.validate.PackageValidator.check(meta).forEach(ManifestFuzzTest::oneLine);
        } catch (PackageException expected) {
            ManifestFuzzTest.oneLine(expected);
        }
    }

    /** The file's bytes for one fuzz input; see the class comment. */
    static byte[] packageJson(byte[] input) {
        if (input.length == 0 || input[0] != 0) {
            return input;
        }
        int split = 1;
        while (split < input.length && input[split] != 0) {
            split++;
        }
        String json = new String(input, 1, split - 1, StandardCharsets.UTF_8);
        byte[] object = split < input.length ? Arrays.copyOfRange(input, split + 1, input.length) : new byte[0];
        String data = "\"bpf_object\":\"" + Base64.getEncoder().encodeToString(zlib(object)) + "\"";
        String rest = json.stripLeading();
        if (!rest.startsWith("{")) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        rest = rest.substring(1);
        String sep = rest.stripLeading().startsWith("}") ? "" : ",";
        return ("{" + data + sep + rest).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater();
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static Path skeletonDir() {
        try {
            Path object = Path.of(System.getProperty("ecli.repoRoot", ".."))
                    .resolve("examples/tcpconnect/tcpconnect.bpf.o");
            return Files.copy(object, Files.createDirectories(tempDir().resolve("skeleton")).resolve("tcpconnect.bpf.o"))
                    .getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("eunomia-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // Best effort: a temp directory left behind is harmless.
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
