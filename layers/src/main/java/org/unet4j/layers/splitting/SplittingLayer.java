package org.unet4j.layers.splitting;

import java.util.Locale;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.SpatialLayers;

/**
 * One layer of the splitting network, {@code y = act(BN(mean_c(x) + C tau W * [x, f]))}: the
 * {@link ExplicitParallelStep} over the C channels, batch norm (the learned affine scaling that the sub-step
 * closed forms absorb; optional), then the second sub-step chosen by {@link SplittingActivation}: the
 * {@link EntropicImplicitStep} (sigmoid), the {@link ReluProjection} (ReLU) or none. Input {@code [x, f]}, output
 * the C sub-problem results.
 */
public final class SplittingLayer extends Module {
    private final ExplicitParallelStep explicit;
    private final Module norm;
    private final Module second;

    /**
     * A layer on a grid of {@code spatialDims} (2 or 3) axes from {@code stateChannels} (+ {@code imageChannels}) to
     * {@code outChannels}.
     */
    public SplittingLayer(int spatialDims, int stateChannels, int imageChannels, int outChannels, double tau,
            double eps, SplittingActivation activation, boolean batchNorm, SplittableRandom rng) {
        this.explicit = registerChild("explicit", new ExplicitParallelStep(spatialDims, stateChannels, imageChannels,
                outChannels, tau, rng));
        this.norm = registerChild("norm", batchNorm ? SpatialLayers.of(spatialDims).norm(Norm.BATCH, outChannels)
                : new Identity());
        this.second = registerChild(activation.name().toLowerCase(Locale.ROOT), activation.create(tau, eps));
    }

    /** The explicit parallel step (its convolution holds this layer's controls). */
    public ExplicitParallelStep explicit() {
        return explicit;
    }

    /** The batch norm between the two sub-steps, or an identity. */
    Module norm() {
        return norm;
    }

    /** The second sub-step (implicit entropic step, projection or identity). */
    Module second() {
        return second;
    }

    @Override
    public Tensor forward(Tensor stateAndImage) {
        return second.forward(norm.forward(explicit.forward(stateAndImage)));
    }
}
