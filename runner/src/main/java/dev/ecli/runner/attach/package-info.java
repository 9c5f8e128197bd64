/**
 * How programs get attached. An {@link dev.ecli.runner.attach.AttachStrategy} handles one
 * family of sections; {@link dev.ecli.runner.attach.Attacher} gives each autoload program to
 * the first strategy that accepts it and undoes everything on failure.
 * {@link dev.ecli.runner.attach.AutoAttach} lets libbpf attach by section name, after making
 * sure what libbpf relies on (tracefs) is there. Later strategies (tc, xdp, uprobes from
 * parameters) sit beside it, one class each.
 */
package dev.ecli.runner.attach;
