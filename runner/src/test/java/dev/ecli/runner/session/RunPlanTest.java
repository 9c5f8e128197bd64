package dev.ecli.runner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecli.runner.decode.Field;
import dev.ecli.runner.filter.FilterException;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.params.ParamException;
import dev.ecli.runner.params.ParamSpec;
import dev.ecli.runner.params.ParamValues;
import dev.ecli.runner.pkg.load.PackageLoader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run plans are built from files alone: no kernel, no privilege. Every option mistake fails here. */
class RunPlanTest {
    private static final String EVENT_FIELDS = "pid, ppid, exit_code, duration_ns, comm, tid, sig, core_dumped, cgroup_id";

    private static Path root() {
        String prop = System.getProperty("ecli.repoRoot");
        return prop != null ? Path.of(prop) : Path.of("..");
    }

    private static RunPlan.Basis basis(String pkg) throws Exception {
        return RunPlan.Basis.read(PackageLoader.load(root().resolve(pkg)));
    }

    private static RunPlan exitsnoop(String fields, String... filters) throws Exception {
        return RunPlan.of(basis("packages/exitsnoop"), new ParamValues(), fields, List.of(filters));
    }

    private static String filterError(String fields, String... filters) {
        return assertThrows(FilterException.class, () -> exitsnoop(fields, filters)).getMessage();
    }

    @Test
    void aPlanHasTheStreamsStrategiesAndParametersOfThePackage() throws Exception {
        RunPlan plan = exitsnoop(null);
        assertEquals(List.of("rb"), plan.streams().stream().map(EventStream::map).toList());
        assertEquals("event", plan.streams().getFirst().plan().typeName());
        assertFalse(plan.strategies().isEmpty());
        assertEquals(List.of("dropped"), plan.exports().stream().map(RunPlan.Export::dropsVar).toList(),
                "exitsnoop's export names its drop counter");
        assertEquals(List.of("target_pid", "trace_failed_only", "trace_by_thread"),
                plan.basis().params().stream().map(ParamSpec::variable).filter(v -> !v.equals("filter_cg")).toList());
    }

    @Test
    void theSameInputsGiveTheSamePlan() throws Exception {
        RunPlan a = exitsnoop("comm,pid", "pid>1"), b = exitsnoop("comm,pid", "pid>1");
        assertEquals(a.streams().getFirst().fields(), b.streams().getFirst().fields());
        // Strategies hold live streams (an iterator's output), so compare what they are, not their identity.
        assertEquals(a.strategies().stream().map(s -> s.getClass().getName()).toList(),
                b.strategies().stream().map(s -> s.getClass().getName()).toList());
        assertEquals(List.of("comm", "pid"), a.streams().getFirst().fields().stream().map(Field::name).toList());
    }

    @Test
    void filtersAreCompiledIntoTheStream() throws Exception {
        EventStream s = exitsnoop(null, "pid==42", "exit_code!=0").streams().getFirst();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = arena.allocate(s.plan().size(), 8);
            r.set(ValueLayout.JAVA_INT, 0, 42);
            assertFalse(s.filter().test(r), "exit_code 0 fails the second filter");
            r.set(ValueLayout.JAVA_INT, 8, 7);
            assertTrue(s.filter().test(r));
            r.set(ValueLayout.JAVA_INT, 0, 43);
            assertFalse(s.filter().test(r));
        }
    }

    @Test
    void anUnknownFilterFieldIsNamedWithTheFieldsThatExist() {
        assertEquals("--filter 'nosuchfield==1': column 1: no field 'nosuchfield' in event (fields: " + EVENT_FIELDS
                + ")", filterError(null, "nosuchfield==1"));
    }

    @Test
    void everyFilterMistake() {
        assertTrue(filterError(null, "pid").startsWith("--filter 'pid': column 4: expected an operator"));
        assertEquals("--filter 'pid<x': column 5: < needs a number, got 'x'", filterError(null, "pid<x"));
        assertTrue(filterError(null, "comm~[").startsWith("--filter 'comm~[': column 6: bad regular expression '['"));
        // Each filter is checked, not only the first.
        assertEquals("--filter 'nope==2': column 1: no field 'nope' in event (fields: " + EVENT_FIELDS + ")",
                filterError(null, "pid==1", "nope==2"));
    }

    @Test
    void everyFieldsMistake() {
        assertEquals("--fields: no field 'bogus' in event (fields: " + EVENT_FIELDS + ")", filterError("pid,bogus"));
        assertEquals("--fields: either list the fields to show (a,b) or the ones to drop (-a,-b), not both",
                filterError("pid,-comm"));
        assertEquals("--fields: no field named", filterError(","));
        assertEquals("--fields: no field 'bogus' in event (fields: " + EVENT_FIELDS + ")", filterError("-bogus"));
    }

    @Test
    void aParameterThatDoesNotFitWhereTheManifestUsesItFailsInThePlan() throws Exception {
        RunPlan.Basis b = basis("examples/profile");
        ParamSpec freq = b.params().stream().filter(p -> p.variable().equals("sample_freq")).findFirst().orElseThrow();
        ParamValues values = new ParamValues();
        values.set(freq, "0");
        ParamException e = assertThrows(ParamException.class, () -> RunPlan.of(b, values, null, List.of()));
        assertTrue(e.getMessage().contains("frequency: 0 (from ${sample_freq}) must be above 0"), e.getMessage());
    }

    @Test
    void sampledMapsGetTheirIntervalFromTheParameters() throws Exception {
        RunPlan.Basis b = basis("examples/runqlat");
        ParamSpec interval = b.params().stream().filter(p -> p.variable().equals("interval_ms")).findFirst()
                .orElseThrow();
        ParamValues values = new ParamValues();
        values.set(interval, "250");
        assertEquals(250L, RunPlan.of(b, values, null, List.of()).intervals().get("hists"));
        assertEquals(0L, RunPlan.of(b, new ParamValues(), null, List.of()).intervals().get("hists"));
    }
}
