package org.unet4j.experiments.reproductions;

import java.util.function.LongFunction;

import org.unet4j.experiments.predict.ModelRecipe;
import org.unet4j.layers.Module;

/**
 * One model of a comparison: the row label of the result tables and a factory building it from a seed.
 *
 * @param label   the row label, e.g. "PLN" or "DB (RK4)"
 * @param factory builds a fresh model with its initial weights drawn from the seed
 * @param recipe  how {@code unet4j predict} builds it again (saved as {@code predictor.json}), or null when the
 *                factory is not one of the {@link ModelRecipe}s
 */
public record Contender(String label, LongFunction<Module> factory, ModelRecipe recipe) {
    /** A contender that {@code unet4j predict} cannot rebuild. */
    public Contender(String label, LongFunction<Module> factory) {
        this(label, factory, null);
    }

    /** The same model under another row label. */
    public Contender withLabel(String newLabel) {
        return new Contender(newLabel, factory, recipe);
    }

    /** A fresh model seeded with {@code seed}. */
    public Module build(long seed) {
        return factory.apply(seed);
    }
}
