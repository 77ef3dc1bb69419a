package org.unet4j.experiments.predict;

import java.util.Locale;

/**
 * The weight each pixel of a window gets when overlapping windows are averaged: w(y, x) = g(y) g(x) with g a
 * Gaussian centred on the window, sigma = s/8 (MONAI's sliding-window default, sigma_scale 0.125), a triangle
 * g(i) = min(i + 1, s - i) falling linearly to the edges, or constant. Windows are then averaged as
 * p = sum_k w_k p_k / sum_k w_k, which down-weights the borders where SAME padding's zeros disturb the output.
 */
public enum WindowBlending {
    /** Gaussian weights, sigma = s/8. */
    GAUSSIAN,
    /** Triangular weights falling linearly to the edges. */
    LINEAR,
    /** Equal weights. */
    CONSTANT;

    private static final double SIGMA_SCALE = 0.125;
    private static final double FLOOR = 1e-3;

    /** The blending named {@code name} (gaussian, linear, constant). */
    public static WindowBlending of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The weights of an {@code s x s} window, row-major, positive everywhere (at least 1e-3 of the largest). */
    public float[] weights(int s) {
        return weights(s, 2);
    }

    /**
     * The weights of a window of side {@code s} in {@code dims} dimensions, w = g(i_1) ... g(i_dims) / max^dims,
     * row-major (the last axis fastest), positive everywhere (at least 1e-3 of the largest).
     */
    public float[] weights(int s, int dims) {
        double[] g = new double[s];
        double max = 0;
        for (int i = 0; i < s; i++) {
            g[i] = switch (this) {
                case GAUSSIAN -> {
                    double d = i - (s - 1) / 2.0;
                    double sigma = SIGMA_SCALE * s;
                    yield Math.exp(-d * d / (2 * sigma * sigma));
                }
                case LINEAR -> Math.min(i + 1, s - i);
                case CONSTANT -> 1;
            };
            max = Math.max(max, g[i]);
        }
        int count = (int) Math.pow(s, dims);
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            double product = 1;
            for (int rest = i, a = 0; a < dims; a++, rest /= s) {
                product *= g[rest % s] / max;
            }
            w[i] = (float) Math.max(FLOOR, product);
        }
        return w;
    }
}
