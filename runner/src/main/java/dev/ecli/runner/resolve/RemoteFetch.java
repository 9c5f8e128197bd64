package dev.ecli.runner.resolve;

import dev.ecli.runner.oci.PackageCache;
import dev.ecli.runner.oci.PullPolicy;
import dev.ecli.runner.oci.Puller;
import dev.ecli.runner.oci.Reference;
import dev.ecli.runner.oci.UrlFetcher;
import dev.ecli.runner.params.OptionException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Turns an OCI reference or URL into a package directory of the cache, pulling it when need be. */
final class RemoteFetch {
    private RemoteFetch() {}

    /**
     * The cached package directory of {@code arg} (a reference or URL), for a run: from a private
     * cache, after a warning, when this user's is not trusted.
     *
     * @param policy {@code always}, {@code missing} or {@code never}
     * @param err    where notes go (a pull, a plain-HTTP warning)
     */
    static Path resolve(String arg, String policy, boolean insecure, PrintWriter err) throws Exception {
        return resolve(PackageCache.openOrPrivate(note -> note(err, note)), arg, policy, insecure, err);
    }

    /** As {@link #resolve(String, String, boolean, PrintWriter)}, into {@code cache}. */
    static Path resolve(PackageCache cache, String arg, String policy, boolean insecure, PrintWriter err)
            throws Exception {
        PullPolicy p = policy(policy);
        Puller.Result r;
        if (PackageRefs.isUrl(arg)) {
            r = usage(() -> new UrlFetcher(cache, insecure).fetch(arg, p));
        } else {
            Reference ref = reference(arg);
            r = new Puller(cache, insecure, note -> note(err, note)).pull(ref, p);
        }
        if (r.fetched()) {
            note(err, "pulled " + arg + " (" + r.digest() + ")");
        }
        return r.dir();
    }

    static PullPolicy policy(String s) throws OptionException {
        try {
            return PullPolicy.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new OptionException("--pull must be always, missing or never, got '" + s + "'");
        }
    }

    static Reference reference(String s) throws OptionException {
        try {
            return Reference.parse(s);
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage());
        }
    }

    static void note(PrintWriter err, String line) {
        err.println("ecli-java: " + line);
        err.flush();
    }

    /** A step whose IllegalArgumentException is the user's mistake. */
    interface Step<T> {
        T run() throws Exception;
    }

    static <T> T usage(Step<T> step) throws Exception {
        try {
            return step.run();
        } catch (IllegalArgumentException e) {
            throw new OptionException(e.getMessage());
        }
    }
}
