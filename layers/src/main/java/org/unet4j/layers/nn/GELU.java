package org.unet4j.layers.nn;

import org.unet4j.autodiff.GeluApproximation;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * The Gaussian error linear unit {@code x Phi(x)}, elementwise, as PyTorch's {@code nn.GELU(approximate=...)}: the
 * exact erf form by default, or the tanh approximation.
 *
 * <pre>{@code
 * var act = new GELU();                   // exact, approximate='none'
 * var act = GELU.of("tanh");              // approximate='tanh'
 * }</pre>
 */
public final class GELU extends Module {
    private final GeluApproximation approximate;

    /** The exact form. */
    public GELU() {
        this(GeluApproximation.NONE);
    }

    /** The given form. */
    public GELU(GeluApproximation approximate) {
        if (approximate == null) {
            throw new IllegalArgumentException("GELU: approximate is null; use GeluApproximation.NONE or TANH");
        }
        this.approximate = approximate;
    }

    /** The form named by PyTorch's {@code approximate} string, {@code "none"} or {@code "tanh"}. */
    public static GELU of(String approximate) {
        return new GELU(GeluApproximation.of(approximate));
    }

    /** Which form this layer computes. */
    public GeluApproximation approximate() {
        return approximate;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.gelu(approximate);
    }

    @Override
    protected String describe() {
        return approximate == GeluApproximation.NONE ? "" : "approximate '" + approximate.pyTorchName() + "'";
    }
}
