/**
 * The live top view: events aggregated by key fields (a count and the sum of a numeric field
 * per key), the N largest redrawn each interval in place on a terminal, as repeated tables into
 * a pipe, or as JSON snapshots.
 */
package dev.ecli.runner.top;
