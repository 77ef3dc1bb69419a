package org.unet4j.layers.softcut;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;

/**
 * The downward half of a small U-Net: at level {@code l} two {@code 3 x 3} same-padded convolutions with ReLU to
 * {@code filters[l]} channels, then a {@code 2 x 2} max-pool before the next level ({@code 3 x 3 x 3} and
 * {@code 2 x 2 x 2} on volumes). {@link #features} returns every
 * level's output, finest first: the skips and, last, the bottleneck. It is the encoder half of
 * {@link #topology}, which {@link UNetDecoder} shares.
 */
final class UNetEncoder extends Module {
    private final UNetModules modules;

    UNetEncoder(int inChannels, int[] filters, SplittableRandom rng) {
        this(2, inChannels, filters, rng);
    }

    /** The encoder for inputs with {@code spatialDims} (2 or 3) spatial axes. */
    UNetEncoder(int spatialDims, int inChannels, int[] filters, SplittableRandom rng) {
        modules = topology(spatialDims, inChannels, filters, rng).buildEncoder(this::registerChild);
    }

    /**
     * The SoftCut thesis' U-Net (Figure 14) without head: level l's block {@code level<l>}; down by a shared
     * {@code 2 x 2} max-pool; up by a shared nearest {@code x2} up-sampling and a {@code 1 x 1} convolution
     * {@code reduce<l>} to the level's filters; the skip concatenated first; decoder block {@code block<l>}. In 2-D.
     */
    static UNetTopology topology(int inChannels, int[] filters, SplittableRandom rng) {
        return topology(2, inChannels, filters, rng);
    }

    /** {@link #topology(int, int[], SplittableRandom)} with {@code spatialDims} (2 or 3) spatial axes. */
    static UNetTopology topology(int spatialDims, int inChannels, int[] filters, SplittableRandom rng) {
        SpatialLayers space = SpatialLayers.of(spatialDims);
        Part pool = Part.unnamed(space.maxPool(2));
        Part nearest = Part.unnamed(space.nearest(2));
        UNetTopology.Builder t = UNetTopology.builder(space);
        int last = filters.length - 1;
        for (int l = 0; l < last; l++) {
            int in = l == 0 ? inChannels : filters[l - 1];
            int c = filters[l];
            int coarse = filters[l + 1];
            t.level(UNetTopology.level()
                    .encoder(Part.of("level" + l, () -> doubleConv(space, in, c, rng)))
                    .down(pool)
                    .up(nearest, Part.of("reduce" + l, () -> space.convolution(coarse, c, 1).build(rng)))
                    .join(SkipJoin.concat())
                    .decoder(Part.of("block" + l, () -> doubleConv(space, 2 * c, c, rng))));
        }
        int below = last == 0 ? inChannels : filters[last - 1];
        return t.bottleneck(Part.of("level" + last, () -> doubleConv(space, below, filters[last], rng)))
                .build();
    }

    static Sequential doubleConv(int in, int out, SplittableRandom rng) {
        return doubleConv(SpatialLayers.of(2), in, out, rng);
    }

    /** Two same-padded 3-wide convolutions with ReLU in the layout of {@code space}. */
    static Sequential doubleConv(SpatialLayers space, int in, int out, SplittableRandom rng) {
        return Sequential.of(space.convolution(in, out, 3).padding(Padding.SAME).build(rng), new ReLU(),
                space.convolution(out, out, 3).padding(Padding.SAME).build(rng), new ReLU());
    }

    /** The bottleneck features. */
    @Override
    public Tensor forward(Tensor input) {
        return modules.encode(input).bottom();
    }

    /** The output of every level, finest first. */
    List<Tensor> features(Tensor input) {
        UNetModules.Encoded encoded = modules.encode(input);
        List<Tensor> out = new ArrayList<>(encoded.skips());
        out.add(encoded.bottom());
        return out;
    }
}
