/**
 * One run of a package, start to stop: check privileges, bind the manifest's exports to maps
 * and BTF structs, open, load and attach through libbpf, consume records into a sink until a
 * stop condition, then detach and close everything.
 */
package dev.ecli.runner.session;
