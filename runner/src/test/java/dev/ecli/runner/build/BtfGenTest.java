package dev.ecli.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code --btfgen BTF[=RELEASE]} names the kernel a BTF file is for. */
class BtfGenTest {
    @TempDir
    Path dir;

    @Test
    void releaseIsExplicitOrFromTheFileNameOrTheRunningKernel() throws Exception {
        Path hub = Files.write(dir.resolve("5.15.0-91-generic.btf"), new byte[] {1});
        Path vmlinux = Files.write(dir.resolve("vmlinux"), new byte[] {1});
        assertEquals("5.15.0-91-generic", BtfGen.Kernel.parse(hub.toString(), "6.18").release());
        assertEquals("4.19.0-custom", BtfGen.Kernel.parse(vmlinux + "=4.19.0-custom", "6.18").release());
        if (Files.isReadable(BtfGen.KERNEL_BTF)) {
            assertEquals("6.18.9", BtfGen.Kernel.parse("/sys/kernel/btf/vmlinux", "6.18.9").release());
        }
    }

    @Test
    void unknownReleaseOrMissingFileIsOneLine() throws Exception {
        Path vmlinux = Files.write(dir.resolve("vmlinux"), new byte[] {1});
        BuildException e = assertThrows(BuildException.class, () -> BtfGen.Kernel.parse(vmlinux.toString(), "6.18"));
        assertEquals("--btfgen " + vmlinux + ": cannot tell which kernel release this BTF is for; write --btfgen "
                + vmlinux + "=RELEASE (RELEASE as 'uname -r' prints it on that kernel)", e.getMessage());
        assertTrue(assertThrows(BuildException.class, () -> BtfGen.Kernel.parse(vmlinux + "=../../x", "6.18"))
                .getMessage().contains("cannot tell which kernel release"));
        assertEquals("--btfgen /nonexistent/6.1.0.btf: no such readable file /nonexistent/6.1.0.btf",
                assertThrows(BuildException.class, () -> BtfGen.Kernel.parse("/nonexistent/6.1.0.btf", "6.18"))
                        .getMessage());
    }
}
