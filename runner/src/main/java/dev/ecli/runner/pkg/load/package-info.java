/**
 * Loading a package from a directory or file: {@link dev.ecli.runner.pkg.load.PackageLoader}
 * unpacks a tar, finds the manifest, asks {@link dev.ecli.runner.pkg.manifest.DocumentKind} which
 * reader it needs ({@code pkg.manifest} or {@code pkg.eunomia}), keeps the object inside the
 * package directory and checks its digest. An overlay ({@code base:}) is loaded on top of the
 * package it names ({@code Overlay}). Apart from the model so that the model and the two
 * readers depend only inward.
 */
package dev.ecli.runner.pkg.load;
