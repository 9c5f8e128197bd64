/**
 * {@code ecli-java validate}: checks a package the way a compiler checks a source, the manifest
 * against its schema and every name it uses against the object's BTF and ELF, and reports every
 * problem as one line at the place at fault ({@link dev.ecli.runner.validate.PackageValidator}).
 */
package dev.ecli.runner.validate;
