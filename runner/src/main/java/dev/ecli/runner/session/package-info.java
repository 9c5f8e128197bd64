/**
 * One run of a package, start to stop: check privileges, bind the manifest's exports to maps
 * and BTF structs, open, load and attach through libbpf, consume records into a sink until a
 * stop condition, then detach and close everything. With --enrich on a stream with a process
 * field, {@link ExecWatch} also loads the runner's own program (runner/src/main/bpf), which keeps
 * each exec's command line.
 */
package dev.ecli.runner.session;
