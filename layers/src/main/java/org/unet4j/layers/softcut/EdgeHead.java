package org.unet4j.layers.softcut;

import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;

/**
 * The last layer of an edge-weight branch: a {@code 1 x 2} valid convolution over pixel features to one channel, so
 * each weight sees exactly the features of the two pixels of its edge along axis 1 and comes out in SoftCut's layout
 * {@code N x 1 x H x (W-1)}, then the non-negative activation. Edges along axis 0 come from transposed features
 * ({@link #transposed}), a {@code 1 x 2} kernel on the transpose being a {@code 2 x 1} kernel on the original.
 */
final class EdgeHead extends Module {
    private final Conv2d conv;
    private final EdgeWeightActivation activation;

    EdgeHead(int inChannels, EdgeWeightActivation activation, SplittableRandom rng) {
        this.conv = registerChild("conv", Conv2d.builder(inChannels, 1, 1, 2).build(rng));
        this.activation = activation;
    }

    /** Weights of the edges along axis 1, {@code N x 1 x H x (W-1)}. */
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
}
