package dev.ecli.runner.deploy;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Waiting, in the entrypoint tests, for something the runners under it will print. */
final class Await {
    private Await() {}

    /** A condition that may need a file read. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} for up to 60 s; on time-out fails with {@code what} and {@code detail}'s text. */
    static void until(Check check, String what, Callable<String> detail) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; stderr:\n" + detail.call());
    }
}
