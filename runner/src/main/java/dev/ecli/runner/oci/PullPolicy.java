package dev.ecli.runner.oci;

/** When {@code run REF} asks the registry (or URL) rather than using the cache. */
public enum PullPolicy {
    /** Always ask which digest the tag or URL names now; blobs already cached are not fetched again. */
    always,
    /** Use the cached digest of the reference or URL when there is one; ask only when there is none. */
    missing,
    /** Never ask: the reference or URL must be cached. */
    never
}
