/**
 * Packages: the manifest model ({@link dev.ecli.runner.pkg.Manifest}), reading and validating one
 * manifest against {@code schemas/package.schema.json} with file:line:column messages
 * ({@link dev.ecli.runner.pkg.ManifestLoader}), and {@link dev.ecli.runner.pkg.PackageLoader},
 * which finds a package's manifest and object, keeps the object inside the package directory,
 * checks its digest, and also reads eunomia {@code package.json} files.
 */
package dev.ecli.runner.pkg;
