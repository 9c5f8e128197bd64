package dev.ecli.runner.output;

import java.io.OutputStream;
import java.util.List;

class YamlSinkTest extends SinkContract {
    @Override
    Sink newSink(OutputStream out, boolean flushEachEvent) {
        return new YamlSink(out, OutputOptions.NONE.flushing(flushEachEvent));
    }

    /** Each document's {@code pid: N} line. */
    @Override
    List<Long> pids(String text) {
        return text.lines().filter(l -> l.startsWith("pid: ")).map(l -> Long.parseLong(l.substring(5).trim())).toList();
    }
}
