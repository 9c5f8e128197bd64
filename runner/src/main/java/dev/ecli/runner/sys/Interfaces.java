package dev.ecli.runner.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Network interfaces by name ({@code if_nametoindex(3)}). */
public final class Interfaces {
    // unsigned int if_nametoindex(const char *ifname);
    private static final MemorySegment IF_NAMETOINDEX = Native.symbol(Native.libc(), "if_nametoindex");

    private Interfaces() {}

    /**
     * The index of the interface named {@code name} in this network namespace; a number that
     * names no interface is taken as an index, as eunomia packages give them.
     * @throws SysException naming the interfaces there are when there is no such one
     */
    public static int index(String name) throws SysException {
        if (name.matches("[1-9][0-9]{0,9}") && !Files.exists(Path.of("/sys/class/net", name))) {
            return byNumber(name);
        }
        if (name.isEmpty() || name.length() >= 16 || name.contains("/")) {
            throw new SysException("'" + name + "' is not an interface name", 19);
        }
        try (Arena a = Arena.ofConfined()) {
            int index = (int) Native.callErrno(IF_NAMETOINDEX, Native.ptr(a.allocateFrom(name)));
            if (index == 0) {
                throw new SysException("no network interface '" + name + "' (there are: " + String.join(", ", names())
                        + ")", Native.errno() == 0 ? 19 : Native.errno());
            }
            return index;
        }
    }

    /** An index given as a number (eunomia's {@code ifindex}), checked to name an interface here. */
    private static int byNumber(String number) throws SysException {
        for (String n : names()) {
            try {
                if (Files.readString(Path.of("/sys/class/net", n, "ifindex")).strip().equals(number)) {
                    return Integer.parseInt(number);
                }
            } catch (IOException e) {
                // an interface going away meanwhile is not this one
            }
        }
        throw new SysException("no network interface has index " + number + " (there are: " + String.join(", ", names())
                + ")", 19);
    }

    /** The interface names of this network namespace, sorted. */
    public static List<String> names() {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
