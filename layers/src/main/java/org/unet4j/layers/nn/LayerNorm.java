package org.unet4j.layers.nn;

import java.util.Arrays;

import org.unet4j.autodiff.LayerNormalization;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;

/**
 * Layer normalisation, PyTorch's {@code nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True)}: each
 * sample is normalised over its trailing {@code normalized_shape} axes, {@code y = (x - mu) / sqrt(var + eps) w + b}
 * (biased variance), with {@code weight} w (ones) and {@code bias} b (zeros) of shape {@code normalized_shape} when
 * affine. Channels-first (the layout of ConvNeXt-style blocks on {@code [N, C, H, W]}) normalises axis 1 instead, with
 * {@code normalized_shape = [C]}. See {@link LayerNormalization}.
 *
 * <pre>{@code
 * var norm = new LayerNorm(768);                                            // tokens [N, L, 768]
 * var norm = LayerNorm.builder(64).eps(1e-6).channelsFirst(true).build();  // images [N, 64, H, W]
 * }</pre>
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final boolean channelsFirst;
    private final Parameter weight;
    private final Parameter bias;

    /** Normalises the trailing axes of the given sizes, eps 1e-5, affine. */
    public LayerNorm(int... normalizedShape) {
        this(builder(normalizedShape));
    }

    private LayerNorm(Builder b) {
        this.normalizedShape = b.normalizedShape.clone();
        this.eps = b.eps;
        this.channelsFirst = b.channelsFirst;
        this.weight = b.affine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = b.affine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    /** A builder normalising over axes of the given sizes. */
    public static Builder builder(int... normalizedShape) {
        return new Builder(normalizedShape);
    }

    /** The scale w, or null when not affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift b, or null when not affine. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor w = weight == null ? null : weight.tensor();
        Tensor b = bias == null ? null : bias.tensor();
        if (channelsFirst) {
            InputChecks.requireChannels(this, input, normalizedShape[0]);
            return LayerNormalization.layerNormChannelsFirst(input, w, b, eps);
        }
        return LayerNormalization.layerNorm(input, normalizedShape, w, b, eps);
    }

    @Override
    protected String describe() {
        return Arrays.toString(normalizedShape) + (eps == NormalizationBuilder.DEFAULT_EPS ? "" : ", eps " + eps)
                + (weight == null ? ", no affine" : "") + (channelsFirst ? ", channels first" : "");
    }

    /** Options of a {@link LayerNorm}. */
    public static final class Builder {
        private final int[] normalizedShape;
        private double eps = NormalizationBuilder.DEFAULT_EPS;
        private boolean affine = true;
        private boolean channelsFirst;

        private Builder(int[] normalizedShape) {
            if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d < 1)) {
                throw new IllegalArgumentException("LayerNorm: normalized_shape must list at least one positive size, "
                        + "got " + Arrays.toString(normalizedShape));
            }
            this.normalizedShape = normalizedShape.clone();
        }

        /** The constant added to the variance (default 1e-5). */
        public Builder eps(double eps) {
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("LayerNorm: eps must be positive and finite, got " + eps);
            }
            this.eps = eps;
            return this;
        }

        /** PyTorch's {@code elementwise_affine}: whether to learn w and b (default true). */
        public Builder elementwiseAffine(boolean on) {
            this.affine = on;
            return this;
        }

        /** Normalise axis 1 of {@code [N, C, ...]} instead of the trailing axes; needs one size, C. */
        public Builder channelsFirst(boolean on) {
            if (on && normalizedShape.length != 1) {
                throw new IllegalArgumentException("LayerNorm: channels-first normalises the channel axis only, so "
                        + "normalized_shape must be [C], got " + Arrays.toString(normalizedShape));
            }
            this.channelsFirst = on;
            return this;
        }

        /** The layer (no random draws: w = 1, b = 0). */
        public LayerNorm build() {
            return new LayerNorm(this);
        }
    }
}
