package dev.ecli.runner.resolve;

import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.load.PackageLoader;
import dev.ecli.runner.pkg.PackageSpec;
import dev.ecli.runner.sys.Libc;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Startup work of {@code run} that need not wait for the command line to be parsed, done on two
 * more threads while picocli builds its model (the machines this runs on have two cores or
 * more): loading the package the arguments most likely name (the first one after {@code run}
 * that resolves to an existing file or directory) with its object's ELF and BTF, and libbpf
 * and libc with their bindings. {@link #load} hands that package over when the run resolves the same path and
 * loads its own otherwise; an early failure (a bad manifest) is thrown only to a run that asks
 * for that path, as the same exception it would have got itself. Nothing here has an effect
 * outside this process.
 */
public final class Prefetch {
    private static volatile Path guessed;
    private static volatile FutureTask<PackageSpec> task;

    private Prefetch() {}

    /** Starts the threads when {@code args} are a {@code run} command; otherwise does nothing. */
    public static void start(String[] args) {
        if (args.length < 2 || !args[0].equals("run")) {
            return;
        }
        // Two threads: the package's load and the bindings' each take about as long as picocli
        // on the main thread, so on two cores the three end together instead of one after another.
        Thread t = new Thread(() -> work(args), "ecli-prefetch");
        t.setDaemon(true);
        t.start();
        Thread b = new Thread(Prefetch::bind, "ecli-bind");
        b.setDaemon(true);
        b.start();
    }

    private static void work(String[] args) {
        Path p = guess(args);
        if (p != null) {
            FutureTask<PackageSpec> f = new FutureTask<>(() -> withObject(PackageLoader.load(p)));
            guessed = normal(p);
            task = f;
            f.run();
        }
    }

    /** The package with its object's ELF and BTF read, which the run's plan needs next. */
    private static PackageSpec withObject(PackageSpec spec) {
        try {
            spec.object(); // kept in the spec, which the FutureTask hands over safely
        } catch (PackageException e) {
            // The run asks again and reports it.
        }
        return spec;
    }

    private static void bind() {
        try {
            // The two generic downcall handles every C call uses (sys.Native) first: the main
            // thread needs them once its options are parsed. Class initialisation is
            // thread-safe: whichever thread comes second waits for the first.
            Libc.prepare();
            Class.forName("dev.ecli.runner.libbpf.LibBpf");
        } catch (ClassNotFoundException | LinkageError e) {
            // The main thread meets the same problem and reports it.
        }
    }

    /** The first argument after {@code run} that names an existing file or directory, resolved as run does. */
    private static Path guess(String[] args) {
        PackageSearch search = PackageSearch.fromEnvironment().quiet();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-") || a.isEmpty()) {
                continue;
            }
            try {
                Path p = search.resolve(Path.of(a));
                if (Files.exists(p)) {
                    return p;
                }
            } catch (PackageException | InvalidPathException e) {
                // Not a package: an option's value.
            }
        }
        return null;
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /**
     * The package at {@code path}: the one loaded early when it is the same path (waiting for
     * it if need be), else {@link PackageLoader#load}.
     */
    public static PackageSpec load(Path path) throws PackageException {
        FutureTask<PackageSpec> f = task;
        Path g = guessed;
        if (f == null || g == null || !g.equals(normal(path))) {
            return PackageLoader.load(path);
        }
        try {
            f.run(); // does the load here if the other thread has not begun it; else a no-op
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PackageLoader.load(path);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof PackageException) {
                // Again, here: an overlay's remote base is fetched only with the resolver's settings,
                // which the early thread did not have. A real fault says the same the second time.
                return PackageLoader.load(path);
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        }
    }
}
