package dev.ecli.runner.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording reads back as written; cut files give their whole records; damaged ones one line. */
class RecordingTest {
    @TempDir
    Path tmp;

    private static final RecordingWriter.Options PLAIN = new RecordingWriter.Options(0, 0, false);

    @Test
    void readsBackWhatWasWrittenPlainAndCompressed() throws Exception {
        for (boolean lz4 : new boolean[] {false, true}) {
            Path f = tmp.resolve("r" + lz4);
            List<RecordingFixtures.Item> written = RecordingFixtures.write(f, 50, new RecordingWriter.Options(0, 0, lz4));
            try (RecordingReader r = RecordingReader.open(f)) {
                assertEquals(RecordingFixtures.header().params(), r.header().params());
                assertEquals(RecordingFixtures.header().streams(), r.header().streams());
                assertTrue(Arrays.equals(RecordingFixtures.header().object(), r.header().object()));
                assertEquals(written, RecordingFixtures.read(r));
                assertTrue(r.ended());
                assertNull(r.cut());
                assertEquals(50, r.records());
            }
        }
    }

    @Test
    void aFileCutAnywhereGivesEveryWholeRecordThenSaysWhere() throws Exception {
        Path f = tmp.resolve("whole");
        List<RecordingFixtures.Item> written = RecordingFixtures.write(f, 20, PLAIN);
        byte[] whole = Files.readAllBytes(f);
        int headerEnd = -1;
        for (int cut = whole.length - 1; cut > 0; cut--) {
            byte[] part = Arrays.copyOf(whole, cut);
            RecordingReader r;
            try {
                r = RecordingReader.open(new ByteArrayInputStream(part), "cut");
            } catch (RecordingException e) {
                // Cut before the header is whole: one line, and nothing else to read.
                assertTrue(e.getMessage().startsWith("cut: "), e.getMessage());
                headerEnd = Math.max(headerEnd, cut);
                continue;
            }
            List<RecordingFixtures.Item> read = RecordingFixtures.read(r);
            assertEquals(written.subList(0, read.size()), read, "cut at " + cut);
            assertTrue(r.cut() != null && r.cut().matches("the file (is cut at byte \\d+.*|ends after byte \\d+ .*)"),
                    "cut at " + cut + ": " + r.cut());
            // Every record that lies wholly before the cut is read: the records' ends grow with the file.
            assertTrue(read.stream().filter(i -> i.kind().equals("record")).count() >= records(whole, cut, written),
                    "cut at " + cut);
        }
        assertTrue(headerEnd > 8);
    }

    /** How many records of {@code written} end at or before byte {@code cut} (records are laid out in order). */
    private static long records(byte[] whole, int cut, List<RecordingFixtures.Item> written) {
        // The last record of the file ends before the end frame; a conservative count: none for
        // cuts inside the last frame header, else found by reading the uncut prefix's frames.
        long n = 0;
        int pos = 8;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(whole).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (pos + 16 <= whole.length) {
            int kind = whole[pos];
            int len = b.getInt(pos + 4);
            int at = pos + 16;
            if (kind == Frame.RECORDS) {
                int p = at;
                while (p + 16 <= at + len) {
                    int rl = b.getInt(p + 4);
                    if (p + 16 + rl <= cut) {
                        n++;
                    }
                    p += 16 + rl;
                }
            }
            pos = at + len;
        }
        return n;
    }

    @Test
    void everyFlippedByteIsOneLineOrHarmless() throws Exception {
        Path f = tmp.resolve("flip");
        for (boolean lz4 : new boolean[] {false, true}) {
            RecordingFixtures.write(f, 12, new RecordingWriter.Options(0, 0, lz4));
            byte[] whole = Files.readAllBytes(f);
            for (int i = 0; i < whole.length; i++) {
                byte[] bad = whole.clone();
                bad[i] ^= 0x10;
                try (RecordingReader r = RecordingReader.open(new ByteArrayInputStream(bad), "flip")) {
                    RecordingFixtures.read(r);
                } catch (RecordingException e) {
                    assertTrue(e.getMessage().startsWith("flip: ") && !e.getMessage().contains("\n"), e.getMessage());
                }
            }
        }
    }

    @Test
    void damageIsNamedWithItsByte() throws Exception {
        Path f = tmp.resolve("d");
        RecordingFixtures.write(f, 6, PLAIN);
        byte[] bad = Files.readAllBytes(f);
        int second = 8 + 16 + java.nio.ByteBuffer.wrap(bad, 8 + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        bad[second + 16 + 17] ^= 1; // inside the first record's bytes
        RecordingException e = assertThrows(RecordingException.class,
                () -> RecordingFixtures.read(RecordingReader.open(new ByteArrayInputStream(bad), "d")));
        assertEquals("d: at byte " + second + ": the frame's checksum does not match (the file is damaged)", e.getMessage());
        assertEquals("x: not an ecli-java recording (no ECLIREC magic)", assertThrows(RecordingException.class,
                () -> RecordingReader.open(new ByteArrayInputStream("hello world".getBytes()), "x")).getMessage());
    }

    @Test
    void aSizeLimitStartsNewFilesEachStandingAlone() throws Exception {
        Path f = tmp.resolve("rot");
        List<RecordingFixtures.Item> written = RecordingFixtures.write(f, 40, new RecordingWriter.Options(300, 0, false));
        List<RecordingFixtures.Item> read = new java.util.ArrayList<>(RecordingFixtures.read(f));
        int n = 1;
        while (Files.exists(tmp.resolve("rot." + n))) {
            read.addAll(RecordingFixtures.read(tmp.resolve("rot." + n)));
            n++;
        }
        assertTrue(n > 3, "files: " + n);
        assertEquals(written, read);
    }
}
