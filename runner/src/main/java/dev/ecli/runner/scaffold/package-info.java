/**
 * {@code ecli-java new}: writes a starter package (a header, a commented {@code .bpf.c}, and a
 * manifest when build cannot infer one) from a template that {@code build} compiles and
 * {@code run} runs as it is.
 */
package dev.ecli.runner.scaffold;
