package dev.ecli.runner.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/kubernetes/daemonset.yaml: every document passes the Kubernetes v1.27 schema shipped in
 * deploy/kubernetes/schema/ (strict: a key the API does not know is an error), and broken copies
 * of it do not; the DaemonSet has what the agent needs on a node (host PIDs, the kernel's
 * filesystems, capabilities, the node's name, probes on a metrics port it declares), and a copy
 * that lacks one of them is told so.
 */
class DaemonSetManifestTest {
    @Test
    void everyDocumentPassesTheKubernetesSchema() throws Exception {
        List<JsonNode> docs = DeployFiles.documents(DeployFiles.manifestText());
        assertEquals(List.of("Namespace", "ServiceAccount", "ConfigMap", "DaemonSet"),
                docs.stream().map(d -> d.path("kind").asText()).toList());
        assertEquals(List.of(), DeployFiles.schemaErrors(docs));
    }

    /** A broken copy: the text replaced, and what the schema's complaint must mention. */
    static Stream<Arguments> brokenCopies() {
        return Stream.of(
                Arguments.of("hostPID: true", "hostPID: \"yes\"", "$.spec.template.spec.hostPID"),
                Arguments.of("hostPID: true", "hostPid: true", "hostPid"),
                Arguments.of("containerPort: 9435,", "containerPort: \"9435\",", ".containerPort"),
                Arguments.of("imagePullPolicy: IfNotPresent", "imagePullPolicy: Sometimes", ".imagePullPolicy"),
                Arguments.of("memory: 512Mi", "memory: 512 MiB", ".limits.memory"),
                Arguments.of("        - name: ecli-java\n          image:", "        - image:", "name"),
                Arguments.of("apiVersion: apps/v1", "apiVersion: apps/v1beta2", "$.apiVersion"),
                Arguments.of("mountPath: /sys/kernel/btf, readOnly: true}",
                        "mountPath: /sys/kernel/btf, readOnly: \"true\"}", ".readOnly"),
                Arguments.of("type: Directory}", "type: Folder}", ".hostPath.type"),
                Arguments.of("- operator: Exists", "- operator: Exist", ".operator"),
                Arguments.of("automountServiceAccountToken: false\n---", "automountServiceAccountToken: 0\n---",
                        "$.automountServiceAccountToken"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("brokenCopies")
    void theSchemaRejectsABrokenCopy(String from, String to, String mentioned) throws Exception {
        String text = DeployFiles.manifestText();
        String broken = text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        assertNotEquals(text, broken, "the manifest no longer has: " + from);
        List<String> errors = DeployFiles.schemaErrors(DeployFiles.documents(broken));
        assertTrue(errors.stream().anyMatch(e -> e.contains(mentioned)), "want an error about " + mentioned + ": " + errors);
    }

    @Test
    void theDaemonSetHasWhatTheAgentNeeds() throws Exception {
        assertEquals(List.of(), requirements(DeployFiles.documents(DeployFiles.manifestText())));
    }

    static Stream<Arguments> lackingCopies() {
        return Stream.of(
                Arguments.of("          image: ecli-java:0.1.0-SNAPSHOT\n", "", "container ecli-java has no image"),
                Arguments.of("hostPID: true", "hostPID: false", "hostPID is not true"),
                Arguments.of("{name: btf, mountPath: /sys/kernel/btf, readOnly: true}",
                        "{name: btf, mountPath: /sys/kernel/btf}", "/sys/kernel/btf is not mounted read-only"),
                Arguments.of("path: /sys/fs/bpf,", "path: /var/bpf,", "/sys/fs/bpf is not the host's /sys/fs/bpf"),
                Arguments.of("add: [BPF, PERFMON,", "add: [", "neither privileged nor given BPF and PERFMON"),
                Arguments.of("fieldPath: spec.nodeName", "fieldPath: metadata.name", "NODE_NAME is not the node's name"),
                Arguments.of("{name: metrics, containerPort: 9435,", "{name: metrics, containerPort: 9535,",
                        "no container port for metrics port 9435"),
                Arguments.of("key: heap-percent}", "key: heap-share}", "no key heap-share"),
                Arguments.of("prometheus.io/scrape: \"true\"", "prometheus.io/scrape: \"false\"",
                        "prometheus.io/scrape is not \"true\""));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("lackingCopies")
    void aCopyLackingSomethingIsToldWhat(String from, String to, String problem) throws Exception {
        String text = DeployFiles.manifestText();
        String lacking = text.replace(from, to);
        assertNotEquals(text, lacking, "the manifest no longer has: " + from);
        List<String> problems = requirements(DeployFiles.documents(lacking));
        assertTrue(problems.stream().anyMatch(p -> p.contains(problem)), "want " + problem + ": " + problems);
    }

    /** What the DaemonSet lacks for the agent to work on a node, one line each. */
    static List<String> requirements(List<JsonNode> docs) {
        List<String> problems = new ArrayList<>();
        JsonNode ns = DeployFiles.only(docs, "Namespace");
        JsonNode sa = DeployFiles.only(docs, "ServiceAccount");
        JsonNode cm = DeployFiles.only(docs, "ConfigMap");
        JsonNode ds = DeployFiles.only(docs, "DaemonSet");
        String namespace = ns.path("metadata").path("name").asText();
        for (JsonNode d : List.of(sa, cm, ds)) {
            if (!namespace.equals(d.path("metadata").path("namespace").asText())) {
                problems.add(d.path("kind").asText() + " is not in namespace " + namespace);
            }
        }
        JsonNode pod = ds.path("spec").path("template");
        JsonNode spec = pod.path("spec");
        if (!spec.path("serviceAccountName").asText().equals(sa.path("metadata").path("name").asText())) {
            problems.add("the pod's serviceAccountName is not the ServiceAccount's name");
        }
        if (!spec.path("hostPID").asBoolean(false)) {
            problems.add("hostPID is not true");
        }
        boolean everyNode = false;
        for (JsonNode t : spec.path("tolerations")) {
            everyNode |= "Exists".equals(t.path("operator").asText()) && !t.has("key") && !t.has("effect");
        }
        if (!everyNode) {
            problems.add("no toleration of every taint (operator: Exists, no key, no effect)");
        }
        if (!"true".equals(pod.path("metadata").path("annotations").path("prometheus.io/scrape").asText())) {
            problems.add("prometheus.io/scrape is not \"true\"");
        }
        Map<String, String> hostPaths = new java.util.HashMap<>();
        Set<String> configVolumes = new HashSet<>();
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("hostPath")) {
                hostPaths.put(v.path("name").asText(), v.path("hostPath").path("path").asText());
            }
            if (v.path("configMap").path("name").asText().equals(cm.path("metadata").path("name").asText())) {
                configVolumes.add(v.path("name").asText());
                for (JsonNode item : v.path("configMap").path("items")) {
                    configKey(cm, item.path("key").asText(), problems);
                }
            }
        }
        JsonNode containers = spec.path("containers");
        if (containers.size() != 1) {
            problems.add("want one container, found " + containers.size());
            return problems;
        }
        JsonNode c = containers.get(0);
        String name = c.path("name").asText();
        if (c.path("image").asText().isBlank()) {
            problems.add("container " + name + " has no image");
        }
        JsonNode sc = c.path("securityContext");
        Set<String> caps = new HashSet<>();
        sc.path("capabilities").path("add").forEach(x -> caps.add(x.asText()));
        if (!sc.path("privileged").asBoolean(false) && !caps.containsAll(List.of("BPF", "PERFMON"))) {
            problems.add("container " + name + " is neither privileged nor given BPF and PERFMON");
        }
        Map<String, JsonNode> mounts = new java.util.HashMap<>();
        for (JsonNode m : c.path("volumeMounts")) {
            mounts.put(m.path("mountPath").asText(), m);
        }
        for (String path : List.of("/sys/kernel/btf", "/sys/kernel/tracing", "/sys/kernel/debug", "/sys/fs/bpf",
                "/sys/fs/cgroup")) {
            JsonNode m = mounts.get(path);
            if (m == null) {
                problems.add(path + " is not mounted");
            } else if (!path.equals(hostPaths.get(m.path("name").asText()))) {
                problems.add(path + " is not the host's " + path);
            }
        }
        if (mounts.containsKey("/sys/kernel/btf") && !mounts.get("/sys/kernel/btf").path("readOnly").asBoolean(false)) {
            problems.add("/sys/kernel/btf is not mounted read-only");
        }
        if (mounts.values().stream().noneMatch(m -> configVolumes.contains(m.path("name").asText()))) {
            problems.add("the ConfigMap is not mounted");
        }
        boolean nodeName = false;
        for (JsonNode e : c.path("env")) {
            JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
            if (!ref.isMissingNode()) {
                configKey(cm, ref.path("key").asText(), problems);
            }
            if ("NODE_NAME".equals(e.path("name").asText())) {
                nodeName = "spec.nodeName".equals(e.path("valueFrom").path("fieldRef").path("fieldPath").asText());
                if (!nodeName) {
                    problems.add("NODE_NAME is not the node's name (fieldRef spec.nodeName)");
                }
            }
        }
        if (c.path("resources").path("limits").path("memory").asText().isBlank()) {
            problems.add("container " + name + " has no memory limit");
        }
        // The probes ask the first runner's metrics endpoint: a declared port, the ConfigMap's.
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (JsonNode p : c.path("ports")) {
            ports.put(p.path("name").asText(), p.path("containerPort").asInt());
        }
        int metricsPort = Integer.parseInt(cm.path("data").path("metrics-port").asText("0"));
        if (!ports.containsValue(metricsPort)) {
            problems.add("no container port for metrics port " + metricsPort);
        }
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode port = c.path(probe).path("httpGet").path("port");
            Integer number = port.isInt() ? Integer.valueOf(port.asInt()) : ports.get(port.asText());
            if (number == null || number != metricsPort) {
                problems.add(probe + " does not ask metrics port " + metricsPort);
            }
        }
        return problems;
    }

    private static void configKey(JsonNode cm, String key, List<String> problems) {
        if (!cm.path("data").has(key)) {
            problems.add("the ConfigMap has no key " + key);
        }
    }
}
