/**
 * Reading eunomia-bpf packages of every generation, unmodified: {@code package.json} with the
 * object inline, {@code *.skel.json} beside its object, and tars
 * ({@link dev.ecli.runner.pkg.eunomia.EunomiaPackage}), packages from before eunomia 0.3
 * ({@link dev.ecli.runner.pkg.eunomia.EunomiaLegacy}); record layouts they give apart from the
 * object's BTF become split BTF ({@code EunomiaLayouts}); their metadata becomes an ecli
 * {@link dev.ecli.runner.pkg.Manifest}. Uses {@code pkg.manifest}'s located trees for messages.
 */
package dev.ecli.runner.pkg.eunomia;
