package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.StageTable;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;
import org.unet4j.layers.unet.SkipCorrection;
import org.unet4j.layers.unet.SkipMerge;

/**
 * One time step of the hybrid splitting = one V-cycle over the grid levels = one U-Net pass. Input {@code [x, f]}
 * (state with {@code channels[0]} channels, then the image), output the new state.
 * <pre>
 *   encoder,  l = 0..L-2:  x = layers_l([x, f_l]);  s_l = x;  x = R x;  f_{l+1} = R f_l    (R: 2x2(x2) max pool)
 *   bottleneck, l = L-1:   x = layers_{L-1}([x, f_{L-1}])                                  (coarsest level)
 *   decoder,  l = L-2..0:  x = layers'_l([P x, f_l]);  x = a_l x + b_l s_l               (P: nearest upsampling)
 * </pre>
 * Every layer is a {@link SplittingLayer} (sub-problems of one group of the hybrid scheme, parallel over its
 * channels); levels are visited in sequence (sequential splitting between groups); the skips are
 * multigrid corrections {@code a P x + b s} ({@link SkipCorrection}, the U-Net's {@code SkipMerge.CORRECTION}).
 * The V-cycle is a configuration of the one {@link UNetTopology}: an image pyramid, the levels as blocks, no stem
 * and no head.
 */
public final class VCycleBlock extends Module {
    private final UNetModules modules;
    private final int imageChannels;
    private final int stateChannels;
    private final int[] channels;

    VCycleBlock(int spatialDims, int[] channels, int imageChannels, int layersPerLevel, double tau, double eps,
            SplittingActivation activation, boolean batchNorm, SplittableRandom rng) {
        this.imageChannels = imageChannels;
        this.stateChannels = channels[0];
        this.channels = channels.clone();
        int levels = channels.length;
        SpatialLayers space = SpatialLayers.of(spatialDims);
        Part restrict = Part.unnamed(space.maxPool(2));
        Part prolong = Part.unnamed(space.nearest(2));
        UNetTopology.Builder topology = UNetTopology.builder(space).imagePyramid(true);
        for (int l = 0; l < levels - 1; l++) {
            int in = l == 0 ? channels[0] : channels[l - 1];
            int fine = channels[l];
            int coarse = channels[l + 1];
            topology.level(UNetTopology.level()
                    .encoder(Part.of("encoder" + l, () -> new SplittingLevel(spatialDims, in, fine, imageChannels,
                            layersPerLevel, tau, eps, activation, batchNorm, rng)))
                    .down(restrict)
                    .up(prolong)
                    .join(SkipMerge.CORRECTION.join(), Part.of("correction" + l, SkipCorrection::new))
                    .decoder(Part.of("decoder" + l, () -> new SplittingLevel(spatialDims, coarse, fine,
                            imageChannels, layersPerLevel, tau, eps, activation, batchNorm, rng))));
        }
        int below = levels == 1 ? channels[0] : channels[levels - 2];
        topology.bottleneck(Part.of("bottleneck", () -> new SplittingLevel(spatialDims, below, channels[levels - 1],
                imageChannels, layersPerLevel, tau, eps, activation, batchNorm, rng)));
        this.modules = topology.build().build(this::registerChild);
    }

    /** The encoder levels, finest first. */
    List<SplittingLevel> encoder() {
        List<SplittingLevel> out = new ArrayList<>();
        for (int l = 0; l < modules.topology().levels() - 1; l++) {
            out.add((SplittingLevel) modules.encoder(l).module());
        }
        return out;
    }

    /** The coarsest level. */
    SplittingLevel bottleneck() {
        return (SplittingLevel) modules.bottleneck().module();
    }

    /** The decoder levels, coarsest first (in the order the V-cycle visits them). */
    List<SplittingLevel> decoder() {
        List<SplittingLevel> out = new ArrayList<>();
        for (int l = modules.topology().levels() - 2; l >= 0; l--) {
            out.add((SplittingLevel) modules.decoder(l).module());
        }
        return out;
    }

    /** The skip corrections, in the order of {@link #decoder()}. */
    List<SkipCorrection> corrections() {
        List<SkipCorrection> out = new ArrayList<>();
        for (int l = modules.topology().levels() - 2; l >= 0; l--) {
            out.add((SkipCorrection) modules.join(l));
        }
        return out;
    }

    /**
     * Adds this V-cycle's stages to {@code t} under {@code prefix}: each level's output for a batch of {@code n} at
     * the finest spatial sizes {@code sizes}, halved at each coarser level.
     */
    void summarise(StageTable t, String prefix, int n, int[] sizes) {
        int levels = channels.length;
        for (int l = 0; l < levels - 1; l++) {
            t.row(prefix + "encoder" + l, modules.encoder(l).module(), StageTable.shape(n, channels[l],
                    halved(sizes, l)));
        }
        t.row(prefix + "bottleneck", modules.bottleneck().module(), StageTable.shape(n, channels[levels - 1],
                halved(sizes, levels - 1)));
        for (int l = levels - 2; l >= 0; l--) {
            int[] shape = StageTable.shape(n, channels[l], halved(sizes, l));
            t.row(prefix + "decoder" + l, modules.decoder(l).module(), shape);
            t.row(prefix + "correction" + l, modules.join(l), shape);
        }
    }

    /** The sizes halved {@code level} times. */
    static int[] halved(int[] sizes, int level) {
        return Arrays.stream(sizes).map(s -> s >> level).toArray();
    }

    /** The V-cycle on the one topology: an image pyramid, max-pool restriction, nearest prolongation. */
    @Override
    public Tensor forward(Tensor stateAndImage) {
        Tensor x = stateAndImage.slice(1, 0, stateChannels);
        Tensor f = stateAndImage.slice(1, stateChannels, stateChannels + imageChannels);
        return modules.decode(modules.encodeFrom(x, f));
    }

    @Override
    protected String describe() {
        return "one time step = one V-cycle over " + modules.topology().levels() + " levels";
    }
}
