package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Regularization;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Stochastic depth (timm's {@code DropPath(drop_prob)}): in training each sample's input is zeroed with probability
 * p and otherwise scaled by {@code 1 / (1 - p)}, so that {@code x + dropPath(f(x))} skips the branch f for a
 * fraction p of the samples; in evaluation the identity. See {@link Regularization#dropPath}.
 */
public final class DropPath extends Module {
    private final double p;
    private final SplittableRandom rng;

    /** Drop probability {@code p} in [0, 1), masks drawn from {@code rng}. */
    public DropPath(double p, SplittableRandom rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("DropPath: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** The probability of dropping a sample's path. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Regularization.dropPath(input, p, isTraining(), rng);
    }

    @Override
    protected String describe() {
        return "p " + p;
    }
}
