package org.unet4j.layers.unet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.AvgPool2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.Upsample;
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
 * Every ODE block keeps its size, so the convolutions pad (SAME) and the valid inputs are the multiples of f^L.
 * Defaults: 1 -> 1 channels, 4 levels, filters 3, 6, 12, 24 (Table 10), factor 2, DB with 4 RK4 steps on [0, 1],
 * group norm, ReLU, max-pool down, bilinear up, seed 0.
 */
public final class ContinuousUNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] filters;
    private final UNetGeometry geometry;
    private final Block block;
    private final Conv2d lift;
    private final List<Module> encoders = new ArrayList<>();
    private final List<Conv2d> widen = new ArrayList<>();
    private final List<Module> downs = new ArrayList<>();
    private final Module bottleneck;
    private final List<Module> ups = new ArrayList<>();
    private final List<Conv2d> reduce = new ArrayList<>();
    private final List<Module> decoders = new ArrayList<>();
    private final Conv2d head;

    private ContinuousUNet(Builder b) {
        inChannels = b.inChannels;
        outChannels = b.outChannels;
        filters = b.filters.clone();
        block = b.gradients == null ? b.block : b.block.withGradients(b.gradients);
        int levels = filters.length;
        BlockSettings s = new BlockSettings(3, 1, ConvPadding.SAME, b.norm, b.activation, 0,
                new SplittableRandom(b.seed));
        block.check(s);
        geometry = new UNetGeometry(levels, b.factor, 0, 0, 0);
        lift = registerChild("lift", pointwise(inChannels, filters[0], s));
        for (int i = 0; i < levels - 1; i++) {
            encoders.add(registerChild("encoder" + i, block.create(filters[i], filters[i], s)));
            widen.add(registerChild("widen" + i, pointwise(filters[i], filters[i + 1], s)));
            downs.add(registerChild("down" + i, b.downsampling == DownsamplingMode.MAX_POOL ? new MaxPool2d(b.factor)
                    : b.downsampling == DownsamplingMode.AVG_POOL ? new AvgPool2d(b.factor)
                    : Conv2d.builder(filters[i + 1], filters[i + 1], b.factor).stride(b.factor).build(s.rng())));
        }
        bottleneck = registerChild("bottleneck", block.create(filters[levels - 1], filters[levels - 1], s));
        for (int i = levels - 2; i >= 0; i--) {
            int c = filters[i + 1];
            ups.add(0, registerChild("up" + i, switch (b.upsampling) {
                case NEAREST -> Upsample.nearest(b.factor);
                case BILINEAR -> Upsample.bilinear(b.factor, false);
                case TRANSPOSED -> ConvTranspose2d.builder(c, c, b.factor).stride(b.factor).build(s.rng());
            }));
            reduce.add(0, registerChild("reduce" + i, pointwise(filters[i] + c, filters[i], s)));
            decoders.add(0, registerChild("decoder" + i, block.create(filters[i], filters[i], s)));
        }
        head = registerChild("head", pointwise(filters[0], outChannels, s));
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
        List<Tensor> skips = new ArrayList<>();
        Tensor x = lift.forward(input);
        for (int i = 0; i < encoders.size(); i++) {
            x = encoders.get(i).forward(x);
            skips.add(x);
            x = downs.get(i).forward(widen.get(i).forward(x));
        }
        x = bottleneck.forward(x);
        for (int i = decoders.size() - 1; i >= 0; i--) {
            Tensor merged = Tensor.concat(1, skips.get(i), ups.get(i).forward(x));
            x = decoders.get(i).forward(reduce.get(i).forward(merged));
        }
        return head.forward(x);
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
