package org.unet4j.layers.init;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/** Fills tensors in place with draws from a {@link SplittableRandom}, computed in double precision. */
final class Sampling {
    private Sampling() {
    }

    /** N(mean, std^2) by the Box-Muller transform, two draws per pair of uniforms. */
    static void fillNormal(Tensor t, double mean, double std, SplittableRandom rng) {
        int n = t.size();
        for (int i = 0; i < n; i += 2) {
            double r = Math.sqrt(-2 * Math.log(1.0 - rng.nextDouble()));
            double theta = 2 * Math.PI * rng.nextDouble();
            t.flatSet(i, mean + std * r * Math.cos(theta));
            if (i + 1 < n) {
                t.flatSet(i + 1, mean + std * r * Math.sin(theta));
            }
        }
    }

    /** U(low, high). */
    static void fillUniform(Tensor t, double low, double high, SplittableRandom rng) {
        int n = t.size();
        for (int i = 0; i < n; i++) {
            t.flatSet(i, low + (high - low) * rng.nextDouble());
        }
    }
}
