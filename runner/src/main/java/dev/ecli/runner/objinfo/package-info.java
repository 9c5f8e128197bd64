/**
 * A BPF object as its bytes declare it, read once without libbpf or a kernel:
 * {@link dev.ecli.runner.objinfo.ObjectSpec} (ELF, BTF, programs, maps, variables; the only
 * reader of object files), {@link dev.ecli.runner.objinfo.MapType} (the map type numbers),
 * attach points ({@link dev.ecli.runner.objinfo.AttachPoints}) and variables' initial values
 * ({@link dev.ecli.runner.objinfo.Values}). Every command, the run plan and replay use it; the
 * kernel side ({@code session}) only loads what a spec says.
 */
package dev.ecli.runner.objinfo;
