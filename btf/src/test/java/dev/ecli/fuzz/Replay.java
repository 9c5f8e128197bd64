package dev.ecli.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs one fuzz input. When `mvn test` replays the committed seeds and crash inputs (Jazzer's
 * regression mode) an input that hangs fails after {@link #LIMIT} instead of stalling the build;
 * when fuzzing (JAZZER_FUZZ set, see scripts/fuzz.sh) the input runs directly and libFuzzer's
 * -timeout catches hangs. (A JUnit @Timeout would bound a whole fuzzing run, not one input.)
 */
public final class Replay {
    /** How long one input may take in regression mode. */
    public static final Duration LIMIT = Duration.ofSeconds(20);
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null
            && !System.getenv("JAZZER_FUZZ").isEmpty();

    private Replay() {}

    public static void bounded(Executable input) throws Throwable {
        if (FUZZING) {
            input.execute();
        } else {
            assertTimeoutPreemptively(LIMIT, input);
        }
    }
}
