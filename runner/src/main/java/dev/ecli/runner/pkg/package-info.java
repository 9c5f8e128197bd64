/**
 * Packages, the model: {@link dev.ecli.runner.pkg.Manifest} and its parts (exports, fields, maps,
 * metrics, programs, params), {@link dev.ecli.runner.pkg.PackageSpec} (a manifest and its object)
 * and {@link dev.ecli.runner.pkg.PackageException}. Reading is in the subpackages:
 * {@code pkg.manifest} reads and validates ecli manifests against
 * {@code schemas/package.schema.json} with file:line:column messages; {@code pkg.eunomia} reads
 * eunomia {@code package.json}, skeletons and tars; {@code pkg.load} picks the reader, keeps
 * the object inside the package directory and checks its digest. The model needs none of them.
 */
package dev.ecli.runner.pkg;

