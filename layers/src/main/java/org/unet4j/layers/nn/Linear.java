package org.unet4j.layers.nn;

import java.util.SplittableRandom;

import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.init.Fans;
import org.unet4j.layers.init.Init;

/**
 * An affine map of the last axis: {@code y = x W^T + b} with {@code W} of shape {@code [out, in]} and {@code b} of
 * shape {@code [out]}. The input has shape {@code [..., in]}, the output {@code [..., out]}.
 *
 * <pre>{@code
 * var fc = new Linear(128, 10, rng);                                   // PyTorch's default init
 * var fc = Linear.builder(128, 10).weightInit(Init.xavierUniform()).bias(false).build(rng);
 * }</pre>
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer with a bias, both initialised by {@link Init#fanInUniform()}. */
    public Linear(int inFeatures, int outFeatures, SplittableRandom rng) {
        this(builder(inFeatures, outFeatures), rng);
    }

    private Linear(Builder b, SplittableRandom rng) {
        this.inFeatures = b.inFeatures;
        this.outFeatures = b.outFeatures;
        Tensor w = Tensor.zeros(outFeatures, inFeatures);
        Fans fans = Fans.of(w.shape());
        b.weightInit.fill(w, fans, rng);
        this.weight = registerParameter("weight", w);
        if (b.bias) {
            Tensor bias = Tensor.zeros(outFeatures);
            b.biasInit.fill(bias, fans, rng);
            this.bias = registerParameter("bias", bias);
        } else {
            this.bias = null;
        }
    }

    /** A builder for a layer mapping {@code inFeatures} to {@code outFeatures}. */
    public static Builder builder(int inFeatures, int outFeatures) {
        return new Builder(inFeatures, outFeatures);
    }

    /** The weight {@code W}, shape {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code b}, shape {@code [out]}, or null for a layer without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() < 1 || input.dim(-1) != inFeatures) {
            throw new ShapeException(label() + ": the input " + input.shape() + " must have " + inFeatures
                    + " features in its last axis");
        }
        Tensor x = input.rank() == 1 ? input.unsqueeze(0) : input;
        Tensor y = x.matmul(weight.tensor().transpose(0, 1));
        if (bias != null) {
            y = y.add(bias.tensor());
        }
        return input.rank() == 1 ? y.squeeze(0) : y;
    }

    @Override
    protected String describe() {
        return inFeatures + " -> " + outFeatures + (bias == null ? ", no bias" : "");
    }

    /** Options of a {@link Linear} layer; {@link #build} draws the initial values. */
    public static final class Builder {
        private final int inFeatures;
        private final int outFeatures;
        private boolean bias = true;
        private Init weightInit = Init.fanInUniform();
        private Init biasInit = Init.fanInUniform();

        private Builder(int inFeatures, int outFeatures) {
            if (inFeatures <= 0 || outFeatures <= 0) {
                throw new IllegalArgumentException("Linear: feature counts must be positive, got " + inFeatures
                        + " -> " + outFeatures);
            }
            this.inFeatures = inFeatures;
            this.outFeatures = outFeatures;
        }

        /** Whether to add a bias (default true). */
        public Builder bias(boolean on) {
            this.bias = on;
            return this;
        }

        /** How to initialise the weight (default {@link Init#fanInUniform()}). */
        public Builder weightInit(Init init) {
            this.weightInit = init;
            return this;
        }

        /** How to initialise the bias, given the weight's fans (default {@link Init#fanInUniform()}). */
        public Builder biasInit(Init init) {
            this.biasInit = init;
            return this;
        }

        /** The layer, with initial values drawn from {@code rng}: weight first, then bias. */
        public Linear build(SplittableRandom rng) {
            return new Linear(this, rng);
        }
    }
}
