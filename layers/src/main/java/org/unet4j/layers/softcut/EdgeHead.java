package org.unet4j.layers.softcut;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Conv3d;

/**
 * The last layer of an edge-weight branch: a {@code 1 x 2} valid convolution over pixel features to one channel, so
 * each weight sees exactly the features of the two pixels of its edge along axis 1 and comes out in SoftCut's layout
 * {@code N x 1 x H x (W-1)}, then the non-negative activation. Edges along axis 0 come from transposed features
 * ({@link #transposed}), a {@code 1 x 2} kernel on the transpose being a {@code 2 x 1} kernel on the original. In
 * 3-D the kernel is {@code 1 x 1 x 2} and the edges along axis k come from features with axis k swapped with the
 * last ({@link #along}).
 */
final class EdgeHead extends Module {
    private final Module conv;
    private final EdgeWeightActivation activation;

    EdgeHead(int inChannels, EdgeWeightActivation activation, SplittableRandom rng) {
        this(2, inChannels, activation, rng);
    }

    /** The head for features with {@code spatialDims} (2 or 3) spatial axes. */
    EdgeHead(int spatialDims, int inChannels, EdgeWeightActivation activation, SplittableRandom rng) {
        this.conv = registerChild("conv", spatialDims == 3 ? Conv3d.builder(inChannels, 1, 1, 1, 2).build(rng)
                : Conv2d.builder(inChannels, 1, 1, 2).build(rng));
        this.activation = activation;
    }

    /** Weights of the edges along the last axis, {@code N x 1 x H x (W-1)} (or {@code N x 1 x D x H x (W-1)}). */
    @Override
    public Tensor forward(Tensor features) {
        return activation.apply(conv.forward(features));
    }

    /**
     * Weights of the edges along axis 0, {@code N x 1 x (H-1) x W}, from features given transposed
     * ({@code N x C x W x H}): the head's output on them, transposed back.
     */
    Tensor transposed(Tensor transposedFeatures) {
        return forward(transposedFeatures).transpose(2, 3);
    }

    /**
     * Weights of the edges along spatial axis {@code axis}, from features given with that axis swapped with the last
     * ({@code features.transpose(2 + axis, last)}; unchanged for the last axis): the head's output on them, swapped
     * back. In 2-D, axis 0 is {@link #transposed}.
     */
    Tensor along(int axis, Tensor swappedFeatures) {
        int last = swappedFeatures.rank() - 1;
        Tensor w = forward(swappedFeatures);
        return 2 + axis == last ? w : w.transpose(2 + axis, last);
    }
}
