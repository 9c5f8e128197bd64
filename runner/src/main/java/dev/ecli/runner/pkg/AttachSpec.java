package dev.ecli.runner.pkg;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * How to attach one program when its section does not say (a manifest's
 * {@code programs.NAME.attach}). Every part is optional (null); text may name parameters as
 * {@code ${variable}}, replaced by the parameter's value at run time.
 *
 * @param type      uprobe, uretprobe, usdt, xdp, tc, perf_event or manual; null: as the section says
 * @param target    the short form's text: {@code BINARY:SYMBOL} for uprobes, an interface for xdp
 *                  and tc (object form: null)
 * @param binary    uprobe, uretprobe, usdt: the executable or library
 * @param symbol    uprobe, uretprobe: the function
 * @param offset    uprobe, uretprobe: bytes past the symbol (or a file offset without one)
 * @param process   uprobe, uretprobe, usdt: one process only
 * @param provider  usdt: the probe's provider
 * @param probe     usdt: the probe's name
 * @param iface     xdp, tc: the network interface
 * @param direction tc: ingress or egress
 * @param event     perf_event: cpu-clock, task-clock, cycles or instructions
 * @param frequency perf_event: samples per second on each CPU
 * @param period    perf_event: events per sample (instead of a frequency)
 */
public record AttachSpec(String type, String target, String binary, String symbol, String offset, String process,
                         String provider, String probe, String iface, String direction, String event,
                         String frequency, String period) {
    /** The word that loads a program without attaching it. */
    public static final String MANUAL = "manual";

    /** The short form: {@code manual}, or a target read by the program's section. */
    public static AttachSpec ofTarget(String text) {
        return text.equals(MANUAL) ? new AttachSpec(MANUAL, null, null, null, null, null, null, null, null, null,
                null, null, null)
                : new AttachSpec(null, text, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Reads either form; the schema has checked the keys and types. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AttachSpec fromJson(JsonNode n) {
        if (n.isTextual()) {
            return ofTarget(n.asText());
        }
        return new AttachSpec(text(n, "type"), null, text(n, "binary"), text(n, "symbol"), text(n, "offset"),
                text(n, "process"), text(n, "provider"), text(n, "probe"), text(n, "interface"), text(n, "direction"),
                text(n, "event"), text(n, "frequency"), text(n, "period"));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
