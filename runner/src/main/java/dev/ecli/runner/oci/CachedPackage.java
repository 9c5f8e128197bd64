package dev.ecli.runner.oci;

import dev.ecli.runner.pkg.PackageException;
import dev.ecli.runner.sys.TrustedDir;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a cached package against the digest it is cached under, before every run: content
 * addressed means verified each time, not only when pulled. For an OCI pull the directory holds
 * the OCI manifest ({@link PackageCache#OCI_MANIFEST}), whose SHA-256 must be the digest, and
 * exactly the two blobs it names (the config as {@code package.json}, the object under its title),
 * each with its descriptor's digest. For a URL it holds the one file downloaded, whose SHA-256 is
 * the digest. Anything else there, or missing, is a mismatch.
 */
final class CachedPackage {
    private CachedPackage() {}

    /**
     * @throws PackageException what is there is not what {@code digest} names
     * @throws IOException      the directory cannot be read, or is not trusted
     */
    static void verify(TrustedDir dir, String digest) throws PackageException, IOException {
        Set<String> names = new TreeSet<>(dir.names());
        if (!names.contains(PackageCache.OCI_MANIFEST)) {
            List<String> downloaded = List.of("package.json", "package.yaml");
            if (names.size() != 1 || !downloaded.contains(names.iterator().next())) {
                throw mismatch(dir, digest, "it holds " + names + ", not a pulled package (pulled by an older"
                        + " ecli-java?)");
            }
            expect(dir, names.iterator().next(), digest, RegistryClient.MAX_BLOB_BYTES, digest);
            return;
        }
        byte[] manifest;
        try (InputStream in = dir.read(PackageCache.OCI_MANIFEST)) {
            manifest = in.readNBytes((int) RegistryClient.MAX_MANIFEST_BYTES + 1);
        }
        String actual = Digests.of(manifest);
        if (!actual.equals(digest)) {
            throw mismatch(dir, digest, PackageCache.OCI_MANIFEST + " has " + actual);
        }
        PackageArtifact.Parsed p = PackageArtifact.parse(
                new RegistryClient.Fetched(manifest, PackageArtifact.MANIFEST_TYPE, digest), dir.path().toString());
        Set<String> expected = new TreeSet<>(Set.of(PackageCache.OCI_MANIFEST, "package.json", p.object().title()));
        if (!names.equals(expected)) {
            throw mismatch(dir, digest, "it holds " + names + ", its manifest names " + expected);
        }
        expect(dir, "package.json", p.config().digest(), RegistryClient.MAX_MANIFEST_BYTES, digest);
        expect(dir, p.object().title(), p.object().digest(), RegistryClient.MAX_BLOB_BYTES, digest);
    }

    private static void expect(TrustedDir dir, String name, String want, long limit, String digest)
            throws PackageException, IOException {
        MessageDigest md = Digests.sha256();
        long n = 0;
        try (InputStream in = dir.read(name)) {
            byte[] buf = new byte[64 << 10];
            for (int k; (k = in.read(buf)) > 0 && n <= limit; n += k) {
                md.update(buf, 0, k);
            }
        }
        String got = Digests.of(md);
        if (n > limit || !got.equals(want)) {
            throw mismatch(dir, digest, name + " has " + (n > limit ? "more than " + limit + " bytes" : got)
                    + ", not " + want);
        }
    }

    private static PackageException mismatch(TrustedDir dir, String digest, String why) {
        return new PackageException("digest mismatch: the cached package " + dir.path() + " is not " + digest + ": "
                + why + "; remove it ('ecli-java images rm " + digest + "') and pull again");
    }
}
