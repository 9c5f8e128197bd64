/**
 * Where decoded events go. A {@link dev.ecli.runner.output.Sink} receives raw records with the
 * {@link dev.ecli.runner.stream.EventStream} they came from and writes them in its format:
 * {@link dev.ecli.runner.output.JsonSink} (one object per line) or
 * {@link dev.ecli.runner.output.TableSink} (aligned columns under one header).
 */
package dev.ecli.runner.output;

