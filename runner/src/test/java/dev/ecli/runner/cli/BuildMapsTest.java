package dev.ecli.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build} writes {@code maps:} entries for values shaped like a histogram (one array of
 * integers, alone or in a struct) or a counter (one integer the source adds to, with
 * ecli.bpf.h's helper, an atomic add, or += on a per-CPU value), leaves working state (a hash of timestamps) and
 * ambiguous values out, and adds to an author's {@code maps:} block without touching it.
 */
class BuildMapsTest {
    @TempDir
    Path tmp;

    private static final String HEADER = """
            #pragma once
            struct lat { __u32 buckets[20]; char tag[8]; };
            struct two { __u32 a[8]; __u32 b[8]; };
            """;

    private static final String SOURCE = """
            #include "vmlinux.h"
            #include <bpf/bpf_helpers.h>
            #include "ecli.bpf.h"
            #include "m.h"
            char LICENSE[] SEC("license") = "GPL";
            struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64);
                     __type(key, __u32); __type(value, struct lat); } in_struct SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1);
                     __type(key, __u32); __type(value, __u64[16]); } bare SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64);
                     __type(key, __u32); __type(value, struct two); } ambiguous SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64);
                     __type(key, __u32); __type(value, __u64); } by_helper SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 4);
                     __type(key, __u32); __type(value, __u64); } by_atomic SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64);
                     __type(key, __u32); __type(value, __u64); } stamps SEC(".maps");
            struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 64);
                     __type(key, __u32); __type(value, __u64); } by_plus SEC(".maps");
            SEC("tp/syscalls/sys_enter_getppid")
            int on_getppid(void *ctx)
            {
                __u32 k = ecli_tid(), zero = 0;
                __u64 now = bpf_ktime_get_ns(), *c;
                struct lat *l = bpf_map_lookup_elem(&in_struct, &k);
                __u64 *b = bpf_map_lookup_elem(&bare, &zero);
                struct two *t = bpf_map_lookup_elem(&ambiguous, &k);
                if (l)
                    ecli_hist_add(l->buckets, ecli_log2_slot(now, 20));
                if (b)
                    ecli_hist_add(b, ecli_linear_slot(now, 0, 10, 16));
                if (t)
                    t->a[0]++;
                ecli_count_add(&by_helper, &k, 1);
                c = bpf_map_lookup_elem(&by_atomic, &zero);
                if (c)
                    __sync_fetch_and_add(c, 1);
                bpf_map_update_elem(&stamps, &k, &now, BPF_ANY);
                c = bpf_map_lookup_elem(&by_plus, &k);
                if (c)
                    *c += 2;
                return 0;
            }
            """;

    private Path pkg(String manifest) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(dir.resolve("m.h"), HEADER);
        Files.writeString(dir.resolve("m.bpf.c"), SOURCE);
        if (manifest != null) {
            Files.writeString(dir.resolve("package.yaml"), manifest);
        }
        return dir;
    }

    @Test
    void histogramsAndCountersGetEntriesWorkingStateDoesNot() throws Exception {
        Path dir = pkg(null);
        BuildCommandTest.Outcome b = BuildCommandTest.build(dir);
        assertEquals(0, b.code(), b.out() + b.err());
        String yaml = Files.readString(dir.resolve("package.yaml"));
        String maps = yaml.substring(yaml.indexOf("maps:\n"), yaml.indexOf("programs:\n"));
        assertEquals("""
                maps:
                  in_struct:
                    description: "a log2 histogram (written by build; add unit: to name what it counts)"
                    histogram:
                      field: buckets
                      kind: log2
                  bare:
                    description: "a log2 histogram (written by build; add unit: to name what it counts)"
                    histogram:
                      kind: log2
                  by_helper:
                    description: a counter per key (written by build)
                  by_atomic:
                    description: a counter per key (written by build)
                  by_plus:
                    description: a counter per key (written by build)
                """, maps);
        assertTrue(b.out().contains("maps.in_struct, maps.bare, maps.by_helper, maps.by_atomic, maps.by_plus"),
                b.out());
    }

    @Test
    void addsToTheAuthorsMapsBlockInItsIndentation() throws Exception {
        String mine = """
                # mine
                name: m
                object: m.bpf.o
                maps:
                    bare:   # linear, really
                        histogram: {kind: linear, step: 10}
                """;
        Path dir = pkg(mine);
        BuildCommandTest.Outcome b = BuildCommandTest.build(dir);
        assertEquals(0, b.code(), b.out() + b.err());
        String yaml = Files.readString(dir.resolve("package.yaml"));
        assertTrue(yaml.startsWith(mine.substring(0, mine.length() - 1) + """

                    in_struct:
                        description: "a log2 histogram (written by build; add unit: to name what it counts)"
                        histogram:
                            field: buckets
                            kind: log2
                    by_helper:
                """), yaml);
        assertTrue(b.out().contains("added maps.in_struct, maps.by_helper, maps.by_atomic, maps.by_plus"), b.out());
    }

    @Test
    void aMapOnlyObjectWithoutMapsEntriesIsToldWhichMapsItCouldPrint() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pairs"));
        Files.writeString(dir.resolve("pairs.h"), "#pragma once\nstruct pair { __u64 a; __u64 b; };\n");
        Files.writeString(dir.resolve("pairs.bpf.c"), """
                #include "vmlinux.h"
                #include <bpf/bpf_helpers.h>
                #include "pairs.h"
                char LICENSE[] SEC("license") = "GPL";
                struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 2);
                         __type(key, __u32); __type(value, struct pair); } twos SEC(".maps");
                SEC("tp/syscalls/sys_enter_getppid")
                int on_getppid(void *ctx)
                {
                    __u32 zero = 0;
                    struct pair *p = bpf_map_lookup_elem(&twos, &zero);
                    if (p)
                        p->a++;
                    return 0;
                }
                """);
        BuildCommandTest.Outcome b = BuildCommandTest.build(dir);
        assertEquals(3, b.code(), b.out() + b.err());
        assertTrue(b.err().contains("add 'exports: [{map: M, struct: S}]', or 'maps: {M: {}}' to print a map when"
                + " the run stops (here: twos)"), b.err());
        Files.writeString(dir.resolve("package.yaml"), Files.readString(dir.resolve("package.yaml"))
                + "maps:\n  twos: {}\n");
        assertEquals(0, BuildCommandTest.build(dir).code(), "the hint's entry is enough");
    }
}
