package dev.ecli.runner.oci;

import dev.ecli.runner.pkg.FetchException;
import java.util.function.Consumer;

/** Pushes a {@link PackageArtifact}: the blobs the registry lacks, then the manifest under the tag. */
public final class Pusher {
    private final boolean insecure;
    private final Consumer<String> notes;

    /** @param insecure plain HTTP instead of TLS */
    public Pusher(boolean insecure, Consumer<String> notes) {
        this.insecure = insecure;
        this.notes = notes;
    }

    /**
     * Pushes {@code artifact} to {@code ref}'s repository under its tag.
     *
     * @return the manifest's digest
     */
    public String push(PackageArtifact artifact, Reference ref) throws FetchException {
        if (ref.digest() != null) {
            throw new IllegalArgumentException("push to a tag, not a digest: the digest is the content's (" + ref + ")");
        }
        RegistryClient client = Puller.client(ref.registry(), insecure, notes);
        for (byte[] blob : new byte[][] {artifact.config(), artifact.object()}) {
            String digest = Digests.of(blob);
            if (!client.hasBlob(ref.repository(), digest)) {
                client.upload(ref.repository(), digest, blob);
            }
        }
        return client.putManifest(ref.repository(), ref.tag(), PackageArtifact.MANIFEST_TYPE, artifact.manifest());
    }
}
