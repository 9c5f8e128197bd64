package dev.ecli.runner.attach;

import dev.ecli.runner.libbpf.BpfException;
import dev.ecli.runner.libbpf.BpfLink;
import dev.ecli.runner.libbpf.BpfProgram;
import dev.ecli.runner.sys.Libc;
import dev.ecli.runner.sys.PerfEvents;
import dev.ecli.runner.sys.SysException;
import java.util.ArrayList;
import java.util.List;

/**
 * Attaches one {@code SEC("perf_event")} program to a sampling event on every online CPU,
 * as profilers do: a software clock by default, or a hardware counter.
 *
 * @param program   the program's name
 * @param event     cpu-clock, task-clock, cycles or instructions
 * @param frequency true: {@code value} is samples per second; false: events per sample
 * @param value     the frequency or the period
 */
public record PerfEventAttach(String program, String event, boolean frequency, long value) implements AttachStrategy {
    private static final int ENOENT = 2, EOPNOTSUPP = 95;
    /** The events a manifest may name. */
    public static final List<String> EVENTS = List.of("cpu-clock", "task-clock", "cycles", "instructions");
    /** Samples per second when the manifest gives neither frequency nor period, the CPU profilers' usual default. */
    public static final long DEFAULT_FREQUENCY = 49;

    @Override
    public boolean accepts(BpfProgram p) {
        return p.name().equals(program);
    }

    @Override
    public Attachment attach(BpfProgram p) throws BpfException {
        int type = event.equals("cycles") || event.equals("instructions") ? PerfEvents.TYPE_HARDWARE
                : PerfEvents.TYPE_SOFTWARE;
        long config = switch (event) {
            case "task-clock" -> PerfEvents.SW_TASK_CLOCK;
            case "cycles" -> PerfEvents.HW_CPU_CYCLES;
            case "instructions" -> PerfEvents.HW_INSTRUCTIONS;
            default -> PerfEvents.SW_CPU_CLOCK;
        };
        List<BpfLink> links = new ArrayList<>();
        try {
            for (int cpu : PerfEvents.onlineCpus()) {
                int fd;
                try {
                    fd = PerfEvents.openSampling(type, config, frequency, value, cpu);
                } catch (SysException e) {
                    String hint = type == PerfEvents.TYPE_HARDWARE && (e.errno() == ENOENT || e.errno() == EOPNOTSUPP)
                            ? "; this machine has no " + event + " counter (a VM?): use event cpu-clock" : "";
                    throw new BpfException("attach program " + p + " to perf event " + event + ": " + e.getMessage()
                            + hint, e.errno(), "");
                }
                try {
                    links.add(p.attachPerfEvent(fd, "perf event " + event + " on CPU " + cpu));
                } catch (BpfException e) {
                    Libc.close(fd);
                    throw e;
                }
            }
        } catch (SysException e) {
            links.forEach(BpfLink::close);
            throw new BpfException("attach program " + p + ": " + e.getMessage(), e.errno(), "");
        } catch (BpfException | RuntimeException e) {
            for (int i = links.size() - 1; i >= 0; i--) {
                links.get(i).close();
            }
            throw e;
        }
        return Attachment.of(links);
    }
}
