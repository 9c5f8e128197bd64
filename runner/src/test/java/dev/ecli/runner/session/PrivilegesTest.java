package dev.ecli.runner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivilegesTest {
    @Test
    void sysAdminOrBpfWithPerfmonIsEnough() {
        assertTrue(Privileges.allowed(1L << 21));
        assertTrue(Privileges.allowed((1L << 39) | (1L << 38)));
        assertFalse(Privileges.allowed(1L << 39));
        assertFalse(Privileges.allowed(0));
    }

    @Test
    void readsCapEffFromStatus(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n");
        assertEquals(0x1ffffffffffL, Privileges.effectiveCapabilities(status));
        Files.writeString(status, "Name:\tjava\n");
        assertEquals(0, Privileges.effectiveCapabilities(status));
        assertEquals(0, Privileges.effectiveCapabilities(dir.resolve("missing")));
    }
}
