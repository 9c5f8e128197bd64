package dev.ecli.runner.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name as the kernel has it (what {@code uname -n} prints), without a DNS lookup. */
public final class HostName {
    private HostName() {}

    /** The name, else $HOSTNAME, else "localhost". */
    public static String get() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // No procfs: fall back below.
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
