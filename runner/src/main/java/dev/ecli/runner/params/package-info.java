/**
 * Package parameters: global variables of the BPF object ({@code const volatile} in
 * {@code .rodata}, and {@code .bss}/{@code .data} ones the manifest names) become typed
 * command-line options. {@link dev.ecli.runner.params.ParamSpec#discover} finds them from BTF
 * and the object's initial data; {@link dev.ecli.runner.params.ParamSpec#encode} checks a value
 * and turns it into the variable's bytes; {@link dev.ecli.runner.params.ParamValues} writes them
 * into the object's data maps before load.
 */
package dev.ecli.runner.params;
