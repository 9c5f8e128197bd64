/**
 * Field semantics: how a raw number is shown to people (a duration, a signal name, an errno
 * name, an address...). A {@link dev.ecli.runner.format.ValueFormat} is chosen per field from
 * the manifest's {@code fields.NAME.format}, or from a typedef name in the field's type (as
 * Inspektor Gadget keys on {@code gadget_*} typedefs). Machine outputs keep the raw value.
 * {@link dev.ecli.runner.format.Printable} decides which characters of a package's or
 * recording's text may reach a terminal as they are.
 */
package dev.ecli.runner.format;
