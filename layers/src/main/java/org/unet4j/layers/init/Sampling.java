package org.unet4j.layers.init;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * Fills tensors in place with draws from a {@link SplittableRandom}, computed in double precision on the host and
 * then copied into the tensor on its own device, so a seed gives the same parameters on every device.
 */
final class Sampling {
    private Sampling() {
    }

    /** N(mean, std^2) by the Box-Muller transform, two draws per pair of uniforms. */
    static void fillNormal(Tensor t, double mean, double std, SplittableRandom rng) {
        int n = t.size();
        double[] values = new double[n];
        for (int i = 0; i < n; i += 2) {
            double r = Math.sqrt(-2 * Math.log(1.0 - rng.nextDouble()));
            double theta = 2 * Math.PI * rng.nextDouble();
            values[i] = mean + std * r * Math.cos(theta);
            if (i + 1 < n) {
                values[i + 1] = mean + std * r * Math.sin(theta);
            }
        }
        t.copyFrom(Tensor.wrap(values, t.dims()));
    }

    /** U(low, high). */
    static void fillUniform(Tensor t, double low, double high, SplittableRandom rng) {
        double[] values = new double[t.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * rng.nextDouble();
        }
        t.copyFrom(Tensor.wrap(values, t.dims()));
    }
}
