/**
 * How programs get attached. {@link dev.ecli.runner.attach.AutoAttach} lets libbpf attach each
 * program by its section name, after making sure what libbpf relies on (tracefs) is there.
 * Later strategies (tc, xdp, uprobes from parameters) sit beside it, one class each.
 */
package dev.ecli.runner.attach;
