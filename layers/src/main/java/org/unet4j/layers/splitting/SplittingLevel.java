package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * The consecutive {@link SplittingLayer}s of one grid level on one side of the V-cycle: groups of the hybrid scheme
 * taken in sequence, each seeing the current state and the level's image. Input {@code [x, f]}, output the state.
 */
public final class SplittingLevel extends Module {
    private final List<SplittingLayer> layers = new ArrayList<>();
    private final int imageChannels;

    /**
     * {@code count} layers on a grid of {@code spatialDims} (2 or 3) axes, the first from {@code in} to {@code out}
     * state channels, the others {@code out -> out}.
     */
    public SplittingLevel(int spatialDims, int in, int out, int imageChannels, int count, double tau, double eps,
            SplittingActivation activation, boolean batchNorm, SplittableRandom rng) {
        this.imageChannels = imageChannels;
        for (int i = 0; i < count; i++) {
            layers.add(registerChild("layer" + i, new SplittingLayer(spatialDims, i == 0 ? in : out, imageChannels,
                    out, tau, eps, activation, batchNorm, rng)));
        }
    }

    /** The layers, in order. */
    List<SplittingLayer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor stateAndImage) {
        int stateChannels = stateAndImage.dim(1) - imageChannels;
        Tensor x = stateAndImage.slice(1, 0, stateChannels);
        Tensor f = stateAndImage.slice(1, stateChannels, stateChannels + imageChannels);
        for (SplittingLayer layer : layers) {
            x = layer.forward(Tensor.concat(1, x, f));
        }
        return x;
    }
}
