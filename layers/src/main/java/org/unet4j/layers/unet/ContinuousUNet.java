package org.unet4j.layers.unet;

import java.util.Arrays;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;
import org.unet4j.solvers.ode.Gradients;

/**
 * The Continuous U-Net (paper 001, Figure 1 and Section 3; the assembly of issue 4). With filters c_0, ..., c_L
 * (L = levels - 1) and an ODE block type (by default DB, the second-order dynamic block):
 * <pre>
 *   lift:                 x_0 = conv1x1(input)                       (c_0 channels)
 *   encoder level i &lt; L:  e_i = ode(x_i),  x_{i+1} = down_f(conv1x1(e_i))  (c_i -> c_{i+1} channels)
 *   bottleneck:           y_L = ode(x_L)                                (c_L)
 *   decoder level i &lt; L:  y_i = ode(conv1x1([e_i, up_f(y_{i+1})]))     (c_i + c_{i+1} -> c_i)
 *   head:                 out = conv1x1(y_0)
 * </pre>
 * Every ODE block keeps its size, so the convolutions pad (SAME) and the valid inputs are the multiples of f^L. The
 * network is a configuration of the one {@link UNetTopology}: the lift is its stem, widen and pool its down-sampling,
 * reduce and the ODE block its decoder stage.
 * Defaults: 1 -> 1 channels, 4 levels, filters 3, 6, 12, 24 (Table 10), factor 2, DB with 4 RK4 steps on [0, 1],
 * group norm, ReLU, max-pool down, bilinear up, seed 0.
 */
public final class ContinuousUNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] filters;
    private final UNetGeometry geometry;
    private final Block block;
    private final UNetModules modules;

    private ContinuousUNet(Builder b) {
        inChannels = b.inChannels;
        outChannels = b.outChannels;
        filters = b.filters.clone();
        block = b.gradients == null ? b.block : b.block.withGradients(b.gradients);
        int levels = filters.length;
        BlockSettings s = BlockSettings.builder().norm(b.norm).activation(b.activation).seed(b.seed).build();
        block.check(s);
        SpatialLayers space = SpatialLayers.of(2);
        int f = b.factor;
        UNetTopology.Builder topology = UNetTopology.builder(space)
                .stem(Part.of("lift", () -> pointwise(inChannels, filters[0], s)));
        for (int i = 0; i < levels - 1; i++) {
            int c = filters[i];
            int coarse = filters[i + 1];
            topology.level(UNetTopology.level().factor(f)
                    .encoder(Part.of("encoder" + i, () -> block.create(c, c, s)))
                    .down(Part.of("widen" + i, () -> pointwise(c, coarse, s)), Part.of("down" + i, () -> switch (
                            b.downsampling) {
                        case MAX_POOL -> space.maxPool(f);
                        case AVG_POOL -> space.avgPool(f);
                        case STRIDED_CONV -> space.stridedConvolution(coarse, coarse, f, s.rng());
                    }))
                    .up(Part.of("up" + i, () -> switch (b.upsampling) {
                        case NEAREST -> space.nearest(f);
                        case BILINEAR -> space.linear(f);
                        case TRANSPOSED -> space.transposedConvolution(coarse, coarse, f, s.rng());
                    }))
                    .join(SkipJoin.concat())
                    .decoder(Part.of("reduce" + i, () -> pointwise(c + coarse, c, s)),
                            Part.of("decoder" + i, () -> block.create(c, c, s))));
        }
        int bottom = filters[levels - 1];
        topology.bottleneck(Part.of("bottleneck", () -> block.create(bottom, bottom, s)))
                .head(Part.of("head", () -> pointwise(filters[0], outChannels, s)));
        UNetTopology t = topology.build();
        geometry = t.geometry();
        modules = t.build(this::registerChild);
    }

    private static Conv2d pointwise(int in, int out, BlockSettings s) {
        return Conv2d.builder(in, out, 1).build(s.rng());
    }

    /** A builder with the defaults listed on the class. */
    public static Builder builder() {
        return new Builder();
    }

    /** The size rules: valid inputs are the multiples of f^(levels - 1); the output has the input's size. */
    public UNetGeometry geometry() {
        return geometry;
    }

    /** The output shape for a valid input shape. */
    public Shape outputShape(Shape input) {
        requireInput(input);
        return Shape.of(input.dim(0), outChannels, input.dim(2), input.dim(3));
    }

    private void requireInput(Shape input) {
        geometry.requireValid(input);
        if (input.dim(1) != inChannels) {
            throw new IllegalArgumentException("this Continuous U-Net takes " + inChannels + " input channel(s), got "
                    + "shape " + input);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        requireInput(input.shape());
        return modules.forward(input);
    }

    /** The modules of this network's topology, stage by stage. */
    public UNetModules modules() {
        return modules;
    }

    @Override
    protected String describe() {
        return inChannels + " -> " + outChannels + ", " + filters.length + " levels, filters "
                + Arrays.toString(filters) + ", blocks " + block + ", valid sizes " + geometry.rule();
    }

    /** Options of a {@link ContinuousUNet}. */
    public static final class Builder {
        private int inChannels = 1;
        private int outChannels = 1;
        private int[] filters = {3, 6, 12, 24};
        private int factor = 2;
        private Block block = Block.dynamic("rk4", 4);
        private Gradients gradients;
        private Norm norm = Norm.GROUP;
        private Activation activation = Activation.RELU;
        private DownsamplingMode downsampling = DownsamplingMode.MAX_POOL;
        private UpsamplingMode upsampling = UpsamplingMode.BILINEAR;
        private long seed;

        private Builder() {
        }

        /** Input channels. */
        public Builder inChannels(int c) {
            inChannels = positive("inChannels", c);
            return this;
        }

        /** Output channels of the head. */
        public Builder outChannels(int c) {
            outChannels = positive("outChannels", c);
            return this;
        }

        /** Filters per level, bottleneck last; their number is the number of levels. */
        public Builder filters(int... perLevel) {
            UNet.builder().filters(perLevel);
            filters = perLevel.clone();
            return this;
        }

        /** The down- and up-sampling factor. */
        public Builder factor(int f) {
            UNet.builder().factor(f);
            factor = f;
            return this;
        }

        /** The ODE block at every position (an {@link OdeBlock}, or any block keeping its channel count). */
        public Builder block(Block b) {
            if (b == null) {
                throw new IllegalArgumentException("block must not be null");
            }
            block = b;
            return this;
        }

        /** Gradient mode of every ODE block. */
        public Builder gradients(Gradients mode) {
            gradients = mode;
            return this;
        }

        /** Normalisation inside the ODE fields. */
        public Builder norm(Norm n) {
            norm = n;
            return this;
        }

        /** Activation inside the ODE fields. */
        public Builder activation(Activation a) {
            activation = a;
            return this;
        }

        /** Down-sampling. */
        public Builder downsampling(DownsamplingMode mode) {
            downsampling = mode;
            return this;
        }

        /** Up-sampling (keeping the channels; the 1x1 reduction follows the concatenation). */
        public Builder upsampling(UpsamplingMode mode) {
            upsampling = mode;
            return this;
        }

        /** Seed of the initial weights. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Builds the network. */
        public ContinuousUNet build() {
            return new ContinuousUNet(this);
        }

        private static int positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + v);
            }
            return v;
        }
    }
}
