/**
 * The runner's own resident memory: {@link dev.ecli.runner.memory.ResidentTrim} hands back the
 * pages of read-only file mappings that start-up touched (libjvm's and the libraries' code),
 * so that what stays resident while tracing is what tracing uses.
 */
package dev.ecli.runner.memory;
