package dev.ecli.runner.consume;

import dev.ecli.runner.libbpf.BpfMap;
import dev.ecli.runner.objinfo.MapType;
import dev.ecli.runner.sys.SysException;

/** The reader for an exported map, by its type. */
public final class RecordSources {
    private RecordSources() {}

    /**
     * A {@link RingBufferReader} for a ring buffer, a {@link PerfBufferReader} for a perf event
     * array.
     * @throws IllegalArgumentException for any other map type, or a map not loaded
     * @throws SysException when the reader cannot be set up
     */
    public static RecordSource open(BpfMap map) throws SysException {
        return switch (MapType.of(map.type()).orElse(MapType.UNSPEC)) {
            case RINGBUF -> new RingBufferReader(map);
            case PERF_EVENT_ARRAY -> new PerfBufferReader(map, PerfBufferReader.DEFAULT_PAGES);
            default -> throw new IllegalArgumentException("map " + map.name() + " is neither a ring buffer nor a"
                    + " perf event array");
        };
    }
}
