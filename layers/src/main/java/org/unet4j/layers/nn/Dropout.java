package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Regularization;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the survivors are scaled by
 * {@code 1 / (1 - p)}, so the expected output is the input; in evaluation mode the identity. The masks come from
 * the generator given at construction, so the same seed drops the same elements.
 */
public final class Dropout extends Module {
    private final double p;
    private final SplittableRandom rng;

    /** Dropout with probability {@code p} in [0, 1), masks drawn from {@code rng}. */
    public Dropout(double p, SplittableRandom rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** The probability of zeroing an element. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Regularization.dropout(input, p, isTraining(), rng);
    }

    @Override
    protected String describe() {
        return "p " + p;
    }
}
