package dev.ecli.runner.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away network namespace joined to this one by a veth pair: {@link #host} here with
 * {@link #HOST_IP}, {@link #peer} in the namespace with {@link #PEER_IP}. Closing removes both
 * (deleting the namespace deletes the pair).
 */
final class TestNetns implements AutoCloseable {
    static final String HOST_IP = "10.213.7.1";
    static final String PEER_IP = "10.213.7.2";

    final String name;
    final String host;
    final String peer;

    private TestNetns(String name, String host, String peer) {
        this.name = name;
        this.host = host;
        this.peer = peer;
    }

    static TestNetns create() throws IOException, InterruptedException {
        String id = Long.toString(ProcessHandle.current().pid() % 100000) + Long.toString(System.nanoTime() % 100, 36);
        TestNetns n = new TestNetns("ecli-test-" + id, "ecx" + id + "h", "ecx" + id + "p");
        try {
            run("ip", "netns", "add", n.name);
            run("ip", "link", "add", n.host, "type", "veth", "peer", "name", n.peer, "netns", n.name);
            run("ip", "addr", "add", HOST_IP + "/24", "dev", n.host);
            run("ip", "link", "set", n.host, "up");
            run("ip", "-n", n.name, "addr", "add", PEER_IP + "/24", "dev", n.peer);
            run("ip", "-n", n.name, "link", "set", n.peer, "up");
            run("ip", "-n", n.name, "link", "set", "lo", "up");
        } catch (IOException | InterruptedException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** Runs a command inside the namespace and returns its output; fails on a non-zero exit. */
    String exec(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return run(cmd.toArray(String[]::new));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true).start().waitFor();
        new ProcessBuilder("ip", "link", "del", host).redirectErrorStream(true).start().waitFor();
    }
}
