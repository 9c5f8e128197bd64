package dev.ecli.runner.pkg.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which format a manifest document is in, decided by its top-level keys alone, so the reader
 * of ecli manifests and the eunomia reader need not know each other.
 */
public enum DocumentKind {
    /** An ecli manifest ({@code package.yaml}, or its JSON form). */
    ECLI,
    /**
     * An eunomia {@code package.json}, its object inline. {@code bpf_object} alone decides: our
     * schema has no such key, and a missing size or meta is then worded for eunomia.
     */
    EUNOMIA_PACKAGE,
    /**
     * An eunomia skeleton ({@code *.skel.json}: the metadata alone, its object a {@code .bpf.o}
     * beside it): {@code bpf_skel} at the top, which our schema lacks.
     */
    EUNOMIA_SKELETON,
    /**
     * An eunomia package from before its 0.3 release: the object as base64 in {@code data},
     * beside {@code data_sz}, {@code maps} and {@code progs}; our schema has neither {@code data}
     * nor {@code data_sz}.
     */
    EUNOMIA_LEGACY,
    /**
     * An ecli manifest laid over another package ({@code base: PATH}): no {@code object} of its
     * own, so it is checked once the base has filled that in.
     */
    ECLI_OVERLAY;

    /** The kind of the document whose root is {@code root}. */
    public static DocumentKind of(JsonNode root) {
        if (root.isObject() && root.has("bpf_object")) {
            return EUNOMIA_PACKAGE;
        }
        if (root.isObject() && root.has("data") && (root.has("data_sz") || root.has("load_ebpf_script"))) {
            return EUNOMIA_LEGACY;
        }
        if (root.isObject() && root.has("bpf_skel")) {
            return EUNOMIA_SKELETON;
        }
        if (root.isObject() && root.has("base")) {
            return ECLI_OVERLAY;
        }
        return ECLI;
    }

    /** Whether this is either eunomia format. */
    public boolean eunomia() {
        return this != ECLI && this != ECLI_OVERLAY;
    }
}
