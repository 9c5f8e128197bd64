package dev.ecli.runner.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The libc bindings that need no privilege. */
class SysTest {
    @Test
    void outputClosedOnlyOnceThePipesReaderIsGone() throws Exception {
        int[] fds = Libc.pipe();
        try {
            assertFalse(Sys.outputClosed(fds[1]), "reader still open");
            Libc.close(fds[0]);
            assertTrue(Sys.outputClosed(fds[1]), "reader closed");
        } finally {
            Libc.close(fds[1]);
        }
    }

    @Test
    void euidMatchesProc() throws Exception {
        String uidLine = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        int euid = Integer.parseInt(uidLine.split("\\s+")[2]);
        assertEquals(euid, Libc.geteuid());
        assertEquals(euid == 0, Sys.isRoot());
    }

    @Test
    void strerrorAndErrnoCapture() {
        assertEquals("No such file or directory", Libc.strerror(2));
        SysException e = assertThrows(SysException.class, () -> Libc.epollAdd(-1, -1, Libc.EPOLLIN, 0));
        assertEquals("epoll_ctl: Bad file descriptor", e.getMessage());
        assertEquals(9, e.errno());
    }

    @Test
    void epollWaitTimesOutWithNothingReady() throws Exception {
        int[] fds = Libc.pipe();
        int ep = Libc.epollCreate();
        try (Arena a = Arena.ofConfined()) {
            Libc.epollAdd(ep, fds[0], Libc.EPOLLIN, 7);
            MemorySegment events = a.allocate(Libc.EPOLL_EVENT, 2);
            assertEquals(0, Libc.epollWait(ep, events, 2, 0));
            Libc.close(fds[1]); // the reader now sees end of file: ready
            assertEquals(1, Libc.epollWait(ep, events, 2, 1000));
            assertThrows(IllegalArgumentException.class, () -> Libc.epollWait(ep, events, 3, 0));
        } finally {
            Libc.close(ep);
            Libc.close(fds[0]);
        }
    }

    @Test
    void mmapFailureIsASysException() {
        try (Arena a = Arena.ofConfined()) {
            SysException e = assertThrows(SysException.class,
                    () -> Libc.mmap(Libc.pageSize(), Libc.PROT_READ, -1, 0, a));
            assertTrue(e.getMessage().startsWith("mmap: "), e.getMessage());
        }
        assertTrue(Libc.pageSize() >= 4096 && Long.bitCount(Libc.pageSize()) == 1);
    }

    @Test
    void cStringsStopAtTheTerminatorOrTheLimit() {
        try (Arena a = Arena.ofConfined()) {
            assertEquals("abc", Native.string(a.allocateFrom("abc"), 100));
            MemorySegment unterminated = a.allocate(4);
            unterminated.fill((byte) 'x');
            assertEquals("xxxx", Native.string(unterminated, 100));
            assertEquals("xx", Native.string(unterminated, 2));
            assertEquals(null, Native.string(MemorySegment.NULL, 10));
        }
    }
}
