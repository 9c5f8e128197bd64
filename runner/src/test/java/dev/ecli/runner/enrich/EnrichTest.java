package dev.ecli.runner.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cgroup paths read as units and containers; ids and pids resolve with bounded caches. */
class EnrichTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @TempDir
    Path tmp;

    @Test
    void runtimeLayoutsGiveUnitRuntimeAndId() {
        assertEquals(new Container("docker-" + HEX + ".scope", "docker", HEX),
                Container.of("/system.slice/docker-" + HEX + ".scope"));
        assertEquals(new Container("cri-containerd-" + HEX + ".scope", "containerd", HEX),
                Container.of("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-"
                        + HEX + ".scope"));
        assertEquals(new Container("crio-" + HEX + ".scope", "cri-o", HEX), Container.of("/kubepods.slice/crio-" + HEX + ".scope"));
        assertEquals(new Container("libpod-" + HEX + ".scope", "podman", HEX),
                Container.of("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + HEX + ".scope"));
        assertEquals(new Container(null, "docker", HEX), Container.of("/docker/" + HEX));
        assertEquals(new Container("nginx.service", null, null), Container.of("/system.slice/nginx.service"));
        assertEquals(new Container("session-3.scope", null, null), Container.of("/user.slice/user-0.slice/session-3.scope"));
        assertEquals(Container.NONE, Container.of("/"));
        assertEquals(Container.NONE, Container.of(null));
    }

    @Test
    void cgroupIdsAreInodesFoundByWalkingAtMostOncePerSecond() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("system.slice/a.service"));
        AtomicLong now = new AtomicLong();
        CgroupNames names = new CgroupNames(tmp, 100, now::get);
        long ino = ((Number) Files.getAttribute(a, "unix:ino")).longValue();
        assertEquals("/system.slice/a.service", names.path(ino));
        Path b = Files.createDirectories(tmp.resolve("b.scope"));
        long inoB = ((Number) Files.getAttribute(b, "unix:ino")).longValue();
        now.addAndGet(CgroupNames.RESCAN_NANOS / 2);
        assertNull(names.path(inoB), "no second walk within a second");
        now.addAndGet(CgroupNames.RESCAN_NANOS);
        assertNull(names.path(inoB), "remembered as unknown until a later walk");
        now.addAndGet(CgroupNames.RESCAN_NANOS);
        assertNull(names.path(123456789L));
        assertEquals("/b.scope", names.path(inoB));
        assertNull(new CgroupNames(null, 10).path(ino));
    }

    @Test
    void processesAreReadOnceAndTheCacheIsBounded() throws Exception {
        Path p = Files.createDirectories(tmp.resolve("42"));
        Files.write(p.resolve("cmdline"), "sleep\0003600\0".getBytes());
        Files.writeString(p.resolve("cgroup"), "1:cpu:/\n0::/system.slice/x.service\n");
        AtomicLong now = new AtomicLong();
        Processes procs = new Processes(tmp, 3, now::get);
        assertEquals(new Processes.Info("sleep 3600", "/system.slice/x.service"), procs.of(42));
        Files.write(p.resolve("cmdline"), "other\0".getBytes());
        assertEquals("sleep 3600", procs.of(42).cmdline(), "cached");
        now.addAndGet(Processes.TTL_NANOS);
        assertEquals("other", procs.of(42).cmdline(), "read again once stale");
        assertEquals(Processes.Info.UNKNOWN, procs.of(7), "a process that is gone");
        for (int pid = 1000; pid < 1100; pid++) {
            procs.of(pid);
        }
        assertEquals(3, procs.size());
        Processes self = new Processes(1000);
        Processes.Info me = self.of((int) ProcessHandle.current().pid());
        assertTrue(me.cmdline() != null && me.cmdline().contains("java"), me.toString());
    }
}
