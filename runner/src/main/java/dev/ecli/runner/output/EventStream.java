package dev.ecli.runner.output;

import dev.ecli.runner.decode.DecodePlan;

/**
 * One exported stream of events: the map that carries them and the plan that decodes them.
 *
 * @param map  the BPF map's name
 * @param plan how to decode each record
 */
public record EventStream(String map, DecodePlan plan) {}
