package dev.ecli.elf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ecli.btf.BtfFormatException;
import dev.ecli.fuzz.Replay;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the ELF reader (issue #8): any bytes either parse or end in
 * {@link BtfFormatException}; a parsed file's sections, contents and symbols never fail; finding
 * embedded objects ({@link EmbeddedElf}) never fails either.
 *
 * <p>{@code mvn test} replays the seeds and past crash inputs in
 * {@code src/test/resources/dev/ecli/elf/ElfFuzzTestInputs/parse}; {@code scripts/fuzz.sh elf}
 * fuzzes.
 */
class ElfFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] bytes) throws Throwable {
        Replay.bounded(() -> parseOnce(bytes));
    }

    private static void parseOnce(byte[] bytes) throws IOException {
        // Finding embedded objects never throws, and what it finds lies inside the bytes.
        for (EmbeddedElf.Range r : EmbeddedElf.find(bytes, EmbeddedElf.EM_BPF)) {
            if (r.offset() < 0 || r.length() <= 0 || r.offset() + r.length() > bytes.length) {
                throw new AssertionError("embedded object out of range: " + r);
            }
        }
        ElfFile elf;
        try {
            elf = ElfFile.parse(bytes);
        } catch (BtfFormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("BtfFormatException without a message", expected);
            }
            return;
        }
        elf.byteOrder();
        elf.machine();
        for (ElfSection s : elf.sections()) {
            elf.contents(s);
            elf.cursor(s).length();
            elf.section(s.name()).orElseThrow();
        }
        for (ElfSymbol sym : elf.symbols()) {
            sym.toString();
        }
        elf.toString();
    }
}
