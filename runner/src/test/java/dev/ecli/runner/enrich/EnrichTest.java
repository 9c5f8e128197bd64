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
    void cgroupIdsAreInodesAndAMissIsLookedForByLaterWalksThenGivenUpForAWhile() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("system.slice/a.service"));
        AtomicLong now = new AtomicLong();
        CgroupNames names = new CgroupNames(tmp, now::get, false, null);
        names.refresh();
        long ino = ((Number) Files.getAttribute(a, "unix:ino")).longValue();
        assertEquals("/system.slice/a.service", names.path(ino));
        assertEquals("/", names.path(((Number) Files.getAttribute(tmp, "unix:ino")).longValue()));
        Path b = Files.createDirectories(tmp.resolve("b.scope"));
        long inoB = ((Number) Files.getAttribute(b, "unix:ino")).longValue();
        assertNull(names.path(inoB), "a lookup never walks");
        assertEquals(1, names.walks());
        names.refresh();
        assertEquals("/b.scope", names.path(inoB), "not remembered as unknown: the next walk finds it");
        // An id no walk finds is asked about for TRIES walks, then not for GIVE_UP_NANOS.
        long ghost = 123456789L;
        for (int i = 0; i < CgroupNames.TRIES; i++) {
            assertNull(names.path(ghost));
            assertEquals(1, names.waiting());
            names.refresh();
        }
        assertNull(names.path(ghost));
        assertEquals(0, names.waiting(), "given up");
        now.addAndGet(CgroupNames.GIVE_UP_NANOS);
        names.refresh();
        assertNull(names.path(ghost));
        assertEquals(1, names.waiting(), "asked about again after a while");
        Path late = Files.createDirectories(tmp.resolve("late.scope"));
        long inoLate = ((Number) Files.getAttribute(late, "unix:ino")).longValue();
        assertEquals("/late.scope", pathAfterWalk(names, inoLate));
        assertNull(new CgroupNames(null).path(ino));
    }

    /** A name that is not valid UTF-8 and deep trees are walked without stat and without failing. */
    @Test
    void oddNamesAndDeepTreesAreWalked() throws Exception {
        Path deep = tmp;
        for (int i = 0; i < 40; i++) {
            deep = Files.createDirectories(deep.resolve("d" + i));
        }
        Files.writeString(tmp.resolve("a-file"), "not a cgroup");
        CgroupNames names = new CgroupNames(tmp, System::nanoTime, false, null);
        names.refresh();
        assertEquals("/" + tmp.relativize(deep), names.path(((Number) Files.getAttribute(deep, "unix:ino")).longValue()));
        assertNull(names.path(((Number) Files.getAttribute(tmp.resolve("a-file"), "unix:ino")).longValue()));
    }

    /** On its own thread: the first lookup waits for the first walk, a miss brings another walk. */
    @Test
    void theThreadWalksOnAMiss() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a.scope"));
        try (CgroupNames names = new CgroupNames(tmp)) {
            assertEquals("/a.scope", names.path(((Number) Files.getAttribute(a, "unix:ino")).longValue()));
            Path b = Files.createDirectories(tmp.resolve("b.scope"));
            long inoB = ((Number) Files.getAttribute(b, "unix:ino")).longValue();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (names.path(inoB) == null) {
                assertTrue(System.nanoTime() < deadline, "not found by a later walk");
                Thread.sleep(50);
            }
            assertEquals("/b.scope", names.path(inoB));
        }
    }

    private static String pathAfterWalk(CgroupNames names, long id) {
        names.path(id);
        names.refresh();
        return names.path(id);
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
