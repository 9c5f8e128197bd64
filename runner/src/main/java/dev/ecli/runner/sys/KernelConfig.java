package dev.ecli.runner.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** The running kernel's build options, from /proc/config.gz or /boot/config-RELEASE, when either is there. */
public final class KernelConfig {
    private static volatile String text;

    private KernelConfig() {}

    /** Whether {@code CONFIG_NAME} is y or m; empty when the configuration cannot be read. */
    public static Optional<Boolean> enabled(String name) {
        String config = read();
        if (config == null) {
            return Optional.empty();
        }
        return Optional.of(config.contains("\n" + name + "=y") || config.contains("\n" + name + "=m"));
    }

    private static String read() {
        if (text == null) {
            String t = null;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("/proc/config.gz")))) {
                t = "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                try {
                    String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
                    t = "\n" + Files.readString(Path.of("/boot/config-" + release));
                } catch (IOException | RuntimeException e2) {
                    t = "";
                }
            }
            text = t;
        }
        return text.isEmpty() ? null : text;
    }
}
