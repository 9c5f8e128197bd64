package dev.ecli.runner.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.pkg.AttachSpec;
import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.pkg.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How manifest attach settings and parameter values become strategies; no kernel needed. */
class AttachPlanTest {
    private static final Function<String, Optional<String>> PARAMS = name -> Optional.ofNullable(Map.of(
            "shell", "/bin/sh", "target", "42", "ifname", "veth0", "freq", "99", "empty", "", "bad", "x1").get(name));

    private static AttachSpec spec(String type, String binary, String symbol, String process, String iface,
                                   String direction, String frequency) {
        return new AttachSpec(type, null, binary, symbol, null, process, null, null, iface, direction, null,
                frequency, null);
    }

    private static List<AttachStrategy> plan(String section, AttachSpec spec) throws Exception {
        Map<String, Program> programs = spec == null ? Map.of() : Map.of("p", new Program(null, null, spec));
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("p", section);
        return AttachPlan.strategies(programs, sections, PARAMS);
    }

    @Test
    void uprobeTakesBinarySymbolAndProcessFromParams() throws Exception {
        List<AttachStrategy> s = plan("uretprobe", spec(null, "${shell}", "readline", "${target}", null, null, null));
        assertEquals(new UprobeAttach("p", true, "/bin/sh", "readline", 0, 42), s.getFirst());
        assertInstanceOf(IterAttach.class, s.get(1));
        assertEquals(AutoAttach.INSTANCE, s.getLast());
    }

    @Test
    void shortFormsAndSectionTargets() throws Exception {
        assertEquals(new UprobeAttach("p", false, "/usr/lib/libc.so.6", "malloc", 0x10, -1),
                plan("uprobe", AttachSpec.ofTarget("/usr/lib/libc.so.6:malloc+0x10")).getFirst());
        assertEquals(new XdpAttach("p", "veth0"), plan("xdp", AttachSpec.ofTarget("${ifname}")).getFirst());
        assertEquals(new ManualAttach("p"), plan("tp/sched/sched_switch", AttachSpec.ofTarget("manual")).getFirst());
        // A whole section is libbpf's to attach; a bare perf_event samples cpu-clock at 49 Hz.
        assertInstanceOf(IterAttach.class, plan("tp/sched/sched_switch", null).getFirst());
        assertEquals(new PerfEventAttach("p", "cpu-clock", true, 49), plan("perf_event", null).getFirst());
    }

    @Test
    void tcAndPerfEventSettings() throws Exception {
        assertEquals(new TcAttach("p", "veth0", true), plan("tc", spec(null, null, null, null, "${ifname}", "egress",
                null)).getFirst());
        assertEquals(new TcAttach("p", "eth1", false), plan("classifier", spec(null, null, null, null, "eth1", null,
                null)).getFirst());
        assertEquals(new PerfEventAttach("p", "cpu-clock", true, 99), plan("perf_event", spec("perf_event", null, null,
                null, null, null, "${freq}")).getFirst());
    }

    @Test
    void mistakesAreNamed() {
        PackageException fit = assertThrows(PackageException.class,
                () -> plan("uretprobe", spec("xdp", null, null, null, "eth0", null, null)));
        assertEquals("programs.p.attach: attach type xdp does not fit program p in section uretprobe"
                + " (it needs SEC(\"xdp\"))", fit.getMessage());
        PackageException iface = assertThrows(PackageException.class, () -> plan("xdp", null));
        assertEquals("programs.p.attach: program p (SEC xdp) needs a network interface: add attach: {interface:"
                + " NAME} (e.g. interface: ${ifname} with a char ifname[16] param)", iface.getMessage());
        PackageException ref = assertThrows(PackageException.class,
                () -> plan("uprobe", spec(null, "${nope}", "main", null, null, null, null)));
        assertEquals("programs.p.attach.binary names ${nope}, which is not a parameter of the package",
                ref.getMessage());
        ParamException empty = assertThrows(ParamException.class, () -> plan("xdp", AttachSpec.ofTarget("${empty}")));
        assertEquals("programs.p.attach.interface: ${empty} is empty on this run; give the parameter a value"
                + " (see 'ecli-java run PACKAGE --help')", empty.getMessage());
        ParamException number = assertThrows(ParamException.class,
                () -> plan("uprobe", spec(null, "/bin/sh", "main", "${bad}", null, null, null)));
        assertEquals("programs.p.attach.process: 'x1' (from ${bad}) is not a number", number.getMessage());
        PackageException bySection = assertThrows(PackageException.class,
                () -> plan("tp/sched/sched_switch", AttachSpec.ofTarget("eth0")));
        assertEquals("programs.p.attach: program p (SEC tp/sched/sched_switch) is attached by its section; only"
                + " 'manual' or an attach type applies to it", bySection.getMessage());
    }

    @Test
    void problemIsNullForWhatFitsAndReferencesAreListed() {
        assertNull(AttachPlan.problem(null, "uprobe//bin/bash:readline", "p"));
        assertNull(AttachPlan.problem(spec("uretprobe", "b", "s", null, null, null, null), "uprobe", "p"));
        assertEquals(List.of("shell", "target"), AttachPlan.references(spec(null, "${shell}", "readline",
                "${target}", null, null, null)));
    }

    @Test
    void bareBinaryNamesAreLookedUpInPath() throws Exception {
        String sh = AttachPlan.resolveBinary("sh");
        assertTrue(sh.startsWith("/") && sh.endsWith("/sh") && Files.isExecutable(Path.of(sh)), sh);
        assertEquals("libc.so.6", AttachPlan.resolveBinary("libc.so.6"), "left to libbpf's library search");
    }
}
