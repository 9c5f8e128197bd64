package dev.ecli.runner.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the build reads from C text: header structs, includes, and the comments documenting params. */
class SourceScanTest {
    @Test
    void findsNamedAndTypedefStructsButNotCommentsStringsOrCoreFlavours() {
        String header = """
                #pragma once
                /* struct in_comment { int x; }; */
                // struct in_line_comment { int y; };
                struct alpha { int a; struct { int n; } inner; };
                typedef struct { unsigned x: 3; } beta_t;
                typedef struct gamma { long g; } gamma_t;
                struct __attribute__((packed)) delta { char d; };
                struct alpha *use_only;            /* a use, not a definition */
                static const char *s = "struct in_string { int z; }";
                struct task_struct___o { volatile long state; } __attribute__((preserve_access_index));
                """;
        assertEquals(List.of(
                        new SourceScan.KeptType("struct alpha", "alpha"),
                        new SourceScan.KeptType("struct gamma", "gamma"),
                        new SourceScan.KeptType("struct delta", "delta"),
                        new SourceScan.KeptType("beta_t", "beta_t")),
                SourceScan.structs(header));
    }

    @Test
    void followsQuotedIncludesWithinThePackageOnly() {
        Map<String, String> files = Map.of(
                "a.bpf.c", "#include \"vmlinux.h\"\n#include <bpf/bpf_helpers.h>\n#include \"a.h\"\n",
                "a.h", "#include \"common.h\"\n// #include \"commented.h\"\n",
                "common.h", "struct c { int x; };\n",
                "commented.h", "",
                "unused.h", "struct u { int x; };\n");
        assertEquals(Set.of("a.h", "common.h"), SourceScan.includedFiles("a.bpf.c", files));
    }

    @Test
    void documentsAVariableByItsTrailingOrPrecedingComment() {
        String source = """
                /* Minimum latency to report,
                 * in microseconds. */
                const volatile unsigned long long min_us = 10000;
                const volatile bool verbose = false; // print more
                // Only this uid
                const volatile int uid = -1;
                const volatile int bare = 0;
                int f(int bare);
                """;
        assertEquals("Minimum latency to report, in microseconds.", SourceScan.docComment(source, "min_us"));
        assertEquals("print more", SourceScan.docComment(source, "verbose"));
        assertEquals("Only this uid", SourceScan.docComment(source, "uid"));
        // a trailing block comment on the line above documents that line, not the next variable
        String trailing = "const volatile __u64 min_bytes = 0; /* only results >= this */\n"
                + "const volatile __u32 only_op = 0;\n";
        assertEquals(null, SourceScan.docComment(trailing, "only_op"));
        assertEquals("only results >= this", SourceScan.docComment(trailing, "min_bytes"));
        assertNull(SourceScan.docComment(source, "bare"));
        assertNull(SourceScan.docComment(source, "absent"));
    }
}
