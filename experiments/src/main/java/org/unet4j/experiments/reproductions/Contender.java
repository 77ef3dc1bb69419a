package org.unet4j.experiments.reproductions;

import java.util.function.LongFunction;

import org.unet4j.layers.Module;

/**
 * One model of a comparison: the row label of the result tables and a factory building it from a seed.
 *
 * @param label   the row label, e.g. "PLN" or "DB (RK4)"
 * @param factory builds a fresh model with its initial weights drawn from the seed
 */
public record Contender(String label, LongFunction<Module> factory) {
    /** A fresh model seeded with {@code seed}. */
    public Module build(long seed) {
        return factory.apply(seed);
    }
}
