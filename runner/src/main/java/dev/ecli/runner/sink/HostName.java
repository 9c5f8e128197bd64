package dev.ecli.runner.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name as the kernel has it (what {@code uname -n} prints), without a DNS lookup. */
final class HostName {
    private HostName() {}

    static String get() {
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
