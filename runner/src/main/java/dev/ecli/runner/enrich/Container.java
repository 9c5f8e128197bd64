package dev.ecli.runner.enrich;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cgroup path says about who runs there: the systemd unit (the innermost path component
 * that names one) and, for the layouts container runtimes use, the runtime and the container id.
 *
 * @param unit        e.g. {@code nginx.service}, {@code docker-<id>.scope}; null when none
 * @param runtime     {@code docker}, {@code containerd}, {@code cri-o} or {@code podman}; null when none
 * @param containerId the container's 64-hex id; null when none
 */
public record Container(String unit, String runtime, String containerId) {
    static final Container NONE = new Container(null, null, null);

    private static final Pattern UNIT = Pattern.compile("[^/]+\\.(service|scope|slice|socket|mount|swap|target)");
    private static final String ID = "([0-9a-f]{64})";
    /**
     * Runtime layouts, innermost component first: systemd's cgroup driver names scopes
     * {@code docker-ID.scope}, {@code cri-containerd-ID.scope}, {@code crio-ID.scope},
     * {@code libpod-ID.scope}; cgroupfs drivers use {@code /docker/ID}, {@code /kubepods/.../ID},
     * {@code /libpod_parent/libpod-ID}.
     */
    private static final Pattern[] LAYOUTS = {
        Pattern.compile("docker-" + ID + "\\.scope"), Pattern.compile("cri-containerd-" + ID + "\\.scope"),
        Pattern.compile("crio-" + ID + "\\.scope"), Pattern.compile("libpod-" + ID + "(\\.scope)?"),
    };
    private static final String[] RUNTIMES = {"docker", "containerd", "cri-o", "podman"};

    /** Reads a cgroup path such as {@code /system.slice/docker-<64 hex>.scope}. */
    public static Container of(String path) {
        if (path == null || path.isEmpty()) {
            return NONE;
        }
        String[] parts = path.split("/");
        String unit = null;
        String runtime = null;
        String id = null;
        for (int i = parts.length - 1; i >= 0; i--) {
            String p = parts[i];
            if (unit == null && UNIT.matcher(p).matches()) {
                unit = p;
            }
            if (id == null) {
                for (int k = 0; k < LAYOUTS.length; k++) {
                    Matcher m = LAYOUTS[k].matcher(p);
                    if (m.matches()) {
                        id = m.group(1);
                        runtime = RUNTIMES[k];
                        break;
                    }
                }
                if (id == null && p.matches(ID) && i > 0) {
                    // cgroupfs driver: /docker/ID, /kubepods/besteffort/podUID/ID (containerd or cri-o: unknown which)
                    id = p;
                    runtime = path.startsWith("/docker/") ? "docker" : null;
                }
            }
        }
        return unit == null && id == null ? NONE : new Container(unit, runtime, id);
    }
}
