package org.unet4j.autodiff;

import java.util.Locale;

/**
 * Which form of GELU to compute, PyTorch's {@code approximate} argument: {@link #NONE} the exact
 * {@code x Phi(x)}, {@link #TANH} Hendrycks and Gimpel's tanh approximation.
 */
public enum GeluApproximation {
    /** {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2}: PyTorch's {@code approximate='none'}. */
    NONE,
    /** {@code x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))) / 2}: PyTorch's {@code approximate='tanh'}. */
    TANH;

    /** The constant named by PyTorch's string, {@code "none"} or {@code "tanh"}. */
    public static GeluApproximation of(String approximate) {
        for (GeluApproximation a : values()) {
            if (a.pyTorchName().equals(approximate)) {
                return a;
            }
        }
        throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh' (as in PyTorch), got '"
                + approximate + "'");
    }

    /** {@code "none"} or {@code "tanh"}. */
    public String pyTorchName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
