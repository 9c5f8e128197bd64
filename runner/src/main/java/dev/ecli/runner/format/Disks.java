package dev.ecli.runner.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block device names for kernel {@code dev_t} values (major in the bits above 20, minor in the
 * 20 below, as the block layer's tracepoints carry them), from {@code /sys/dev/block/MAJ:MIN}.
 * Looked up once per value.
 */
final class Disks {
    private static final Path SYS = Path.of("/sys/dev/block");
    private static final ConcurrentHashMap<Long, String> NAMES = new ConcurrentHashMap<>();

    private Disks() {}

    /** {@code vda} for 254:0; {@code MAJ:MIN} when no such device is known; 0 for no device. */
    static String name(long dev) {
        if (dev == 0) {
            return "0";
        }
        return NAMES.computeIfAbsent(dev, d -> lookup(SYS, d));
    }

    static String lookup(Path sys, long dev) {
        String majMin = (dev >>> 20) + ":" + (dev & 0xfffff);
        try {
            for (String line : Files.readAllLines(sys.resolve(majMin).resolve("uevent"))) {
                if (line.startsWith("DEVNAME=") && line.length() > 8) {
                    return line.substring(8);
                }
            }
        } catch (IOException | SecurityException e) {
            // no such device now
        }
        return majMin;
    }
}
