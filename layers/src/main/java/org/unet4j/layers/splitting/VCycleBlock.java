package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.unet.SkipCorrection;

/**
 * One time step of the hybrid splitting = one V-cycle over the grid levels = one U-Net pass. Input {@code [x, f]}
 * (state with {@code channels[0]} channels, then the image), output the new state.
 * <pre>
 *   encoder,  l = 0..L-2:  x = layers_l([x, f_l]);  s_l = x;  x = R x;  f_{l+1} = R f_l       (R: 2x2 max pool)
 *   bottleneck, l = L-1:   x = layers_{L-1}([x, f_{L-1}])                                  (coarsest level)
 *   decoder,  l = L-2..0:  x = layers'_l([P x, f_l]);  x = a_l x + b_l s_l               (P: nearest upsampling)
 * </pre>
 * Every layer is a {@link SplittingLayer} (sub-problems of one group of the hybrid scheme, parallel over its
 * channels); levels are visited in sequence (sequential splitting between groups); the skips are
 * multigrid corrections {@code a P x + b s} ({@link SkipCorrection}, the U-Net's {@code SkipMerge.CORRECTION}).
 */
public final class VCycleBlock extends Module {
    private final List<SplittingLevel> encoder = new ArrayList<>();
    private final List<SplittingLevel> decoder = new ArrayList<>();
    private final List<SkipCorrection> corrections = new ArrayList<>();
    private final SplittingLevel bottleneck;
    private final int imageChannels;
    private final int stateChannels;

    VCycleBlock(int[] channels, int imageChannels, int layersPerLevel, double tau, double eps,
            SplittingActivation activation, boolean batchNorm, SplittableRandom rng) {
        this.imageChannels = imageChannels;
        this.stateChannels = channels[0];
        int levels = channels.length;
        for (int l = 0; l < levels - 1; l++) {
            int in = l == 0 ? channels[0] : channels[l - 1];
            encoder.add(registerChild("encoder" + l, new SplittingLevel(in, channels[l], imageChannels, layersPerLevel, tau, eps,
                    activation, batchNorm, rng)));
        }
        int below = levels == 1 ? channels[0] : channels[levels - 2];
        bottleneck = registerChild("bottleneck", new SplittingLevel(below, channels[levels - 1], imageChannels, layersPerLevel, tau,
                eps, activation, batchNorm, rng));
        for (int l = levels - 2; l >= 0; l--) {
            decoder.add(registerChild("decoder" + l, new SplittingLevel(channels[l + 1], channels[l], imageChannels, layersPerLevel,
                    tau, eps, activation, batchNorm, rng)));
            corrections.add(registerChild("correction" + l, new SkipCorrection()));
        }
    }

    /** The encoder levels, finest first. */
    List<SplittingLevel> encoder() {
        return List.copyOf(encoder);
    }

    /** The coarsest level. */
    SplittingLevel bottleneck() {
        return bottleneck;
    }

    /** The decoder levels, coarsest first (in the order the V-cycle visits them). */
    List<SplittingLevel> decoder() {
        return List.copyOf(decoder);
    }

    /** The skip corrections, in the order of {@link #decoder()}. */
    List<SkipCorrection> corrections() {
        return List.copyOf(corrections);
    }

    @Override
    public Tensor forward(Tensor stateAndImage) {
        Tensor x = stateAndImage.slice(1, 0, stateChannels);
        Tensor f = stateAndImage.slice(1, stateChannels, stateChannels + imageChannels);
        List<Tensor> skips = new ArrayList<>();
        List<Tensor> images = new ArrayList<>();
        for (SplittingLevel level : encoder) {
            x = level.forward(Tensor.concat(1, x, f));
            skips.add(x);
            images.add(f);
            x = PottsControlProblem.restrict(x);
            f = PottsControlProblem.restrict(f);
        }
        x = bottleneck.forward(Tensor.concat(1, x, f));
        for (int i = 0; i < decoder.size(); i++) {
            int l = encoder.size() - 1 - i;
            x = decoder.get(i).forward(Tensor.concat(1, PottsControlProblem.prolong(x), images.get(l)));
            x = corrections.get(i).combine(x, skips.get(l));
        }
        return x;
    }

    @Override
    protected String describe() {
        return "one time step = one V-cycle over " + (encoder.size() + 1) + " levels";
    }
}
