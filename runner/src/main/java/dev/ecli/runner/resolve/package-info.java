/**
 * From what a user types as PACKAGE to a package: {@link dev.ecli.runner.resolve.PackageResolver}
 * takes a directory, a manifest, an eunomia {@code package.json}, a name on {@code $ECLI_PATH}
 * ({@link dev.ecli.runner.resolve.PackageSearch}), an OCI reference or URL (pulled into the
 * cache), or a recording, the same for every command. {@link dev.ecli.runner.resolve.Registry}
 * fronts the registry code ({@code oci}) for pull, push and the cache;
 * {@link dev.ecli.runner.resolve.Prefetch} loads the likely package while {@code run} parses
 * its options. The registry code is loaded only for a reference or URL.
 */
package dev.ecli.runner.resolve;
