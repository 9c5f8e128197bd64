/**
 * Packages distributed like container images: pushed to and pulled from any OCI distribution
 * registry by reference ({@code HOST[:PORT]/REPO[:TAG][@sha256:HEX]}), or downloaded by URL,
 * into a cache keyed by digest ({@link dev.ecli.runner.oci.PackageCache}) from which they run
 * as any package directory does, once checked against their digest; the cache is used only while
 * it is the effective user's or root's alone ({@link dev.ecli.runner.sys.TrustedDir}).
 *
 * <p>The client is this package's own, over {@link java.net.http.HttpClient}: the few calls of
 * the distribution API a package needs ({@link dev.ecli.runner.oci.RegistryClient}), bearer and
 * basic authentication with credentials from docker's or podman's {@code config.json}
 * ({@link dev.ecli.runner.oci.Credentials}). The artifact's layout is
 * {@link dev.ecli.runner.oci.PackageArtifact}'s (and {@code docs/oci.md}'s). Nothing here is
 * loaded when {@code run} is given a package on disk.
 */
package dev.ecli.runner.oci;
