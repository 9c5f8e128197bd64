package dev.ecli.runner.pkg.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecli.runner.fuzz.Replay;
import dev.ecli.runner.pkg.Manifest;
import dev.ecli.runner.pkg.PackageException;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the manifest loader (issue #8). Every input is read both as YAML and
 * as JSON, bound to a {@link Manifest} and, for the {@code validate} command's path, checked for
 * all schema problems. Only {@link PackageException} may come out, always with a one-line message.
 *
 * <p>{@code mvn test} replays the seeds and past crash inputs in
 * {@code src/test/resources/dev/ecli/runner/pkg/ManifestFuzzTestInputs/parse};
 * {@code scripts/fuzz.sh manifest} fuzzes.
 */
public class ManifestFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] bytes) throws Throwable {
        Replay.bounded(() -> parseOnce(bytes));
    }

    private static void parseOnce(byte[] bytes) throws IOException {
        for (ManifestLoader.Syntax syntax : ManifestLoader.Syntax.values()) {
            try {
                Manifest m = ManifestLoader.parse("package.yaml", bytes, syntax);
                m.toString();
            } catch (PackageException expected) {
                oneLine(expected);
            }
            try {
                ManifestValidator.validate(LocatedTree.parse("package.yaml", bytes, syntax == ManifestLoader.Syntax.YAML))
                        .forEach(p -> oneLine(p.message()));
            } catch (PackageException expected) {
                oneLine(expected);
            }
        }
        ManifestLoader.Syntax.of("package", bytes);
    }

    public static void oneLine(PackageException e) {
        if (e.getMessage() == null) {
            throw new AssertionError("PackageException without a message", e);
        }
        oneLine(e.getMessage());
    }

    public static void oneLine(String message) {
        if (message.isBlank() || message.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            throw new AssertionError("message is blank or not one printable line: " + message);
        }
    }
}
