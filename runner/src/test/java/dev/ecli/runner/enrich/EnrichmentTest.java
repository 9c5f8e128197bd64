package dev.ecli.runner.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ecli.runner.decode.DecodePlan;
import dev.ecli.runner.decode.Field;
import dev.ecli.runner.stream.EventStream;
import dev.ecli.runner.stream.TextValue;
import dev.ecli.runner.pkg.FieldSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrichment stage on hand-built streams: which fields gain names, what they are called, what they hold. */
class EnrichmentTest {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    @TempDir
    Path tmp;

    private static EventStream stream(Field... fields) throws Exception {
        return new EventStream("rb", DecodePlan.assemble("ev", 16, List.of(fields)));
    }

    private static List<String> names(EventStream s) {
        return s.fields().stream().map(Field::name).toList();
    }

    @Test
    void aStreamWithoutIdFieldsIsReturnedAsItIs() throws Exception {
        EventStream s = stream(new Field.IntField("n", List.of(), 0, 8, false));
        assertSame(s, Enrichment.apply(s, Map.of(), new Identities()));
    }

    @Test
    void aCgroupIdGainsItsPathUnitAndContainerAndTakenNamesArePrefixed() throws Exception {
        String hex = "ab".repeat(32);
        Path cg = Files.createDirectories(tmp.resolve("system.slice/docker-" + hex + ".scope"));
        long ino = ((Number) Files.getAttribute(cg, "unix:ino")).longValue();
        Identities ids = new Identities(new CgroupNames(tmp), new Processes(16));
        EventStream s = stream(new Field.IntField("cg", List.of("ecli_cgroup_id"), 0, 8, false),
                new Field.IntField("unit", List.of(), 8, 4, false));
        EventStream e = Enrichment.apply(s, Map.of(), ids);
        assertEquals(List.of("cg", "unit", "cgroup", "cg_unit", "runtime", "container"), names(e));
        MemorySegment r = Arena.ofAuto().allocate(16);
        r.set(U64, 0, ino);
        List<String> text = e.fields().subList(2, 6).stream().map(f -> TextValue.of(f, r, null)).toList();
        assertEquals(List.of("/system.slice/docker-" + hex + ".scope", "docker-" + hex + ".scope", "docker", hex), text);
        r.set(U64, 0, ino + 1_000_000); // no such cgroup: empty names, the same in every field
        assertEquals(List.of("", "", "", ""), e.fields().subList(2, 6).stream().map(f -> TextValue.of(f, r, null))
                .toList());
    }

    @Test
    void aProcessIdGainsItsCommandLine() throws Exception {
        EventStream s = stream(new Field.IntField("who", List.of(), 0, 4, true));
        EventStream e = Enrichment.apply(s, Map.of("who", new FieldSpec("process", null, false, null)), new Identities());
        assertEquals(List.of("who", "cmdline"), names(e));
        assertEquals(List.of("who", "cmdline"), e.plan().fields().stream().map(Field::name).toList());
        MemorySegment r = Arena.ofAuto().allocate(16);
        r.set(I32, 0, (int) ProcessHandle.current().pid());
        String ours = new String(Files.readAllBytes(Path.of("/proc/self/cmdline"))).replace('\0', ' ').strip();
        assertEquals(ours.substring(0, Math.min(ours.length(), Processes.CMDLINE_MAX)), TextValue.of(e.fields().get(1), r, null));
    }
}
