/**
 * Reading eunomia-bpf packages, unmodified: {@code package.json} with the object inline,
 * {@code *.skel.json} beside its object, and tars
 * ({@link dev.ecli.runner.pkg.eunomia.EunomiaPackage}); their metadata becomes an ecli
 * {@link dev.ecli.runner.pkg.Manifest}. Uses {@code pkg.manifest}'s located trees for messages.
 */
package dev.ecli.runner.pkg.eunomia;
