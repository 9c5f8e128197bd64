/**
 * The runner's own resident memory: {@link dev.ecli.runner.memory.ResidentTrim} hands back the
 * pages of read-only file mappings that start-up touched (the JVM's AOT cache and library code),
 * so that what stays resident while tracing is what tracing uses.
 */
package dev.ecli.runner.memory;
