package dev.ecli.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BtfDumpMainTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BtfDumpMain.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void dumpsAnObjectAsStored() throws Exception {
        Path obj = tmp.resolve("kinds.bpf.o");
        Files.write(obj, TestFiles.fixture("kinds-eb.bpf.o"));
        assertEquals(0, run(obj.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"), text);
        assertTrue(text.contains("[62] DATASEC '.data' size=0 vlen=3\n\ttype_id=8 offset=0 size=4 (VAR 'counter')\n"));
    }

    @Test
    void dumpsSplitBtfOnItsBase() throws Exception {
        BtfBuilder base = Samples.everyKind(ByteOrder.LITTLE_ENDIAN);
        byte[] baseBlob = base.build();
        Path b = tmp.resolve("vmlinux");
        Path m = tmp.resolve("module");
        Files.write(b, baseBlob);
        Files.write(m, Samples.split(ByteOrder.LITTLE_ENDIAN, base.nextId(),
                BtfKindsTest.baseStringLength(baseBlob, ByteOrder.LITTLE_ENDIAN)).build());
        assertEquals(0, run(m.toString(), b.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("[" + base.nextId() + "] PTR '(anon)' type_id=1\n"));
    }

    @Test
    void reportsBadInputAndUsage() throws Exception {
        Path junk = tmp.resolve("junk");
        Files.writeString(junk, "junk");
        assertEquals(1, run(junk.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("btf dump: "), err.toString());
        assertEquals(1, run(tmp.resolve("missing").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read"));
        assertEquals(2, run());
    }
}
