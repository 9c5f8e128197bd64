/**
 * Reading ecli manifests ({@code package.yaml} or JSON): a tree that keeps each value's line and
 * column ({@link dev.ecli.runner.pkg.manifest.LocatedTree}), schema validation
 * ({@link dev.ecli.runner.pkg.manifest.ManifestValidator}), binding to the model
 * ({@link dev.ecli.runner.pkg.manifest.ManifestLoader}), and which format a document is in
 * ({@link dev.ecli.runner.pkg.manifest.DocumentKind}). Knows nothing of eunomia's formats.
 */
package dev.ecli.runner.pkg.manifest;
