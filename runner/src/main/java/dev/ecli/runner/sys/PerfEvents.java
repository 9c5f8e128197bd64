package dev.ecli.runner.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code perf_event_open(2)} for sampling events (a software clock or a hardware counter on
 * one CPU), and the list of online CPUs. The fds are for BPF perf_event programs to attach to.
 */
public final class PerfEvents {
    /** perf_event_attr.type. */
    public static final int TYPE_HARDWARE = 0, TYPE_SOFTWARE = 1;
    /** Software event configs. */
    public static final int SW_CPU_CLOCK = 0, SW_TASK_CLOCK = 1;
    /** Hardware event configs. */
    public static final int HW_CPU_CYCLES = 0, HW_INSTRUCTIONS = 1;

    private static final long ATTR_SIZE = 128;
    private static final long FLAG_FREQ = 1L << 10;
    private static final int PERF_FLAG_FD_CLOEXEC = 8;
    private static final long NR_PERF_EVENT_OPEN = "aarch64".equals(System.getProperty("os.arch")) ? 241 : 298;

    // long syscall(long number, ...);
    private static final MethodHandle SYSCALL = Native.LINKER.downcallHandle(
            Native.libc().find("syscall").orElseThrow(() -> new UnsatisfiedLinkError("syscall not found")),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    private PerfEvents() {}

    /**
     * Opens a sampling event on one CPU for every process.
     * @param frequency when true, {@code periodOrFreq} is samples per second; else events per sample
     * @return the perf event fd
     * @throws SysException e.g. ENOENT for a hardware event the machine lacks
     */
    public static int openSampling(int type, long config, boolean frequency, long periodOrFreq, int cpu)
            throws SysException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment attr = a.allocate(ATTR_SIZE, 8);
            attr.set(ValueLayout.JAVA_INT, 0, type);
            attr.set(ValueLayout.JAVA_INT, 4, (int) ATTR_SIZE);
            attr.set(ValueLayout.JAVA_LONG, 8, config);
            attr.set(ValueLayout.JAVA_LONG, 16, periodOrFreq);
            attr.set(ValueLayout.JAVA_LONG, 40, frequency ? FLAG_FREQ : 0);
            long fd = (long) SYSCALL.invokeExact(Native.callState(), NR_PERF_EVENT_OPEN, attr, -1, cpu, -1,
                    (long) PERF_FLAG_FD_CLOEXEC);
            if (fd < 0) {
                int errno = Native.errno();
                throw new SysException("perf_event_open on CPU " + cpu + ": " + Libc.strerror(errno), errno);
            }
            return (int) fd;
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unchecked(t);
        }
    }

    /** The online CPUs, from {@code /sys/devices/system/cpu/online} (e.g. "0-3,6"). */
    public static List<Integer> onlineCpus() throws SysException {
        try {
            return parseCpuList(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        } catch (IOException | RuntimeException e) {
            throw new SysException("cannot read the online CPUs: " + e.getMessage(), 2);
        }
    }

    /** A kernel CPU list such as {@code 0-3,6} as numbers. */
    static List<Integer> parseCpuList(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : text.strip().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus;
    }
}
