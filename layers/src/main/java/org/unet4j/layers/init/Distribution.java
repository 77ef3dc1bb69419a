package org.unet4j.layers.init;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/** The shape of a zero-mean initial distribution of a given standard deviation. */
public enum Distribution {
    /** N(0, std^2). */
    NORMAL {
        @Override
        void fill(Tensor t, double std, SplittableRandom rng) {
            Sampling.fillNormal(t, 0, std, rng);
        }
    },
    /** U(-b, b) with b = sqrt(3) std, which has standard deviation std. */
    UNIFORM {
        @Override
        void fill(Tensor t, double std, SplittableRandom rng) {
            double bound = Math.sqrt(3) * std;
            Sampling.fillUniform(t, -bound, bound, rng);
        }
    };

    abstract void fill(Tensor t, double std, SplittableRandom rng);
}
