/**
 * {@code ecli-java inspect -o json}: a package as one JSON document for tools
 * ({@link dev.ecli.runner.inspect.InspectReport}): programs, maps, exported structs with their field
 * layout, and params with their compiled-in defaults.
 */
package dev.ecli.runner.inspect;
