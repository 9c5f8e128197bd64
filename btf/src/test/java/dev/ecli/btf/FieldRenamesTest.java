package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Renamed kernel fields answering to their old names, for CO-RE relocations. */
class FieldRenamesTest {
    enum Order {
        LE(ByteOrder.LITTLE_ENDIAN), BE(ByteOrder.BIG_ENDIAN);
        final ByteOrder order;
        Order(ByteOrder order) {
            this.order = order;
        }
    }

    private static byte[] kernel(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int u32 = b.addInt("unsigned int", 4, false);
        b.struct("rq", 8, false, new BtfBuilder.M("nr_running", u32, 0), new BtfBuilder.M("cpu", u32, 32));
        b.struct("cfs_rq", 8, false, new BtfBuilder.M("load", u32, 0), new BtfBuilder.M("nr_queued", u32, 32));
        return b.build();
    }

    private static List<String> members(Btf btf, String struct) {
        return ((BtfType.Composite) btf.find(struct, BtfKind.STRUCT).orElseThrow()).members().stream()
                .map(m -> m.name() + "@" + m.bitOffset()).toList();
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void theNewFieldAnswersToTheOldNameAndNothingElseMoves(Order o) {
        byte[] raw = kernel(o.order);
        FieldRenames.Rename r = new FieldRenames.Rename("cfs_rq", "nr_running", "nr_queued");
        FieldRenames.Result res = FieldRenames.apply(raw, List.of(r));
        assertEquals(List.of(r), res.applied());
        Btf patched = Btf.parse(res.btf());
        assertEquals(List.of("load@0", "nr_running@32"), members(patched, "cfs_rq"));
        assertEquals(List.of("nr_running@0", "cpu@32"), members(patched, "rq"));
        Btf before = Btf.parse(raw);
        assertEquals(before.typeCount(), patched.typeCount());
        assertEquals(before.find("rq", BtfKind.STRUCT).orElseThrow().id(),
                patched.find("rq", BtfKind.STRUCT).orElseThrow().id());
    }

    @Test
    void aStructThatKeepsTheOldNameIsLeftAlone() {
        FieldRenames.Result res = FieldRenames.apply(kernel(ByteOrder.LITTLE_ENDIAN),
                List.of(new FieldRenames.Rename("rq", "nr_running", "cpu")));
        assertNull(res.btf(), "nothing to patch: use the kernel's own BTF");
        assertEquals(List.of(), res.applied());
        assertEquals(List.of(), res.unmatched());
    }

    @Test
    void aRenameWithNeitherFieldOrNoSuchStructIsReported() {
        List<FieldRenames.Rename> rs = List.of(new FieldRenames.Rename("cfs_rq", "old", "gone"),
                new FieldRenames.Rename("nosuch", "a", "b"));
        FieldRenames.Result res = FieldRenames.apply(kernel(ByteOrder.LITTLE_ENDIAN), rs);
        assertNull(res.btf());
        assertEquals(rs, res.unmatched());
    }

    @Test
    void thisKernelsBtfStaysValid() throws Exception {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        // every machine of this project's kind has it; elsewhere the test is skipped, never under CI
        Assumptions.assumeTrue(Files.isReadable(vmlinux) || "true".equals(System.getenv("CI")), "no kernel BTF");
        byte[] raw = Files.readAllBytes(vmlinux);
        Btf before = Btf.parse(raw);
        BtfType task = before.find("task_struct", BtfKind.STRUCT).orElseThrow();
        String first = ((BtfType.Composite) task).members().get(0).name();
        FieldRenames.Result res = FieldRenames.apply(raw,
                List.of(new FieldRenames.Rename("task_struct", "ecli_old_name", first)));
        Btf after = Btf.parse(res.btf());
        assertEquals(before.typeCount(), after.typeCount());
        assertEquals("ecli_old_name",
                ((BtfType.Composite) after.type(task.id())).members().get(0).name());
    }
}
