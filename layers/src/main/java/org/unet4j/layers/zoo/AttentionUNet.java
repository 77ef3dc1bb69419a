package org.unet4j.layers.zoo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;

/**
 * Attention U-Net (Oktay et al., MIDL 2018): a U-Net whose skips pass through {@link AttentionGate}s gated by the
 * up-sampled decoder features before they are concatenated. Read from the widely used 2-D code
 * (LeeJunHyun/Image_Segmentation, {@code AttU_Net}; the authors' own release is 3-D with deep supervision): every
 * block is (3x3 conv with bias, batch norm, ReLU) twice, down-sampling a 2x2 max pool, up-sampling nearest x2 then
 * a 3x3 conv, batch norm and ReLU to the skip's width, the gate's intermediate width half the skip's, the head a
 * 1x1 conv. On the one topology:
 * <pre>
 *   level i:  e_i = block(x_i),  x_{i+1} = maxpool(e_i),  u_i = up(y_{i+1}),  y_i = block([gate_i(e_i, u_i), u_i])
 * </pre>
 * Defaults are the published configuration: 3 input channels, 1 output, filters 64, 128, 256, 512, 1024
 * (34,878,573 parameters). Inputs [N, C, H, W] with H, W divisible by 2^(levels - 1).
 *
 * <p>{@link Builder#spatialDims} 1 or 3 builds the same network of the layers of {@link SpatialLayers#of}: 3-wide
 * (1-D) or 3 x 3 x 3 (3-D) convolutions, batch norms of that layout, 2 (or 2 x 2 x 2) max pooling and nearest
 * up-sampling, the gate's 1 x 1 x 1 convolutions; inputs [N, C, W] or [N, C, D, H, W], every spatial size divisible
 * by 2^(levels - 1). This is the reference code's network lifted to d axes, not MONAI's {@code AttentionUnet},
 * which shares the gate ({@code AttentionBlock}) but down-samples by strided convolutions, up-samples by a 3-wide
 * transposed convolution and merges [gated skip, up] by one convolution with an instance norm and a PReLU.
 */
public final class AttentionUNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] filters;
    private final SpatialLayers space;
    private final UNetModules modules;

    private AttentionUNet(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.filters = b.filters.clone();
        SplittableRandom rng = new SplittableRandom(b.seed);
        SpatialLayers space = SpatialLayers.of(b.spatialDims);
        this.space = space;
        int last = filters.length - 1;
        UNetTopology.Builder t = UNetTopology.builder(space);
        for (int i = 0; i < last; i++) {
            int f = filters[i];
            int in = i == 0 ? inChannels : filters[i - 1];
            int coarse = filters[i + 1];
            t.level(UNetTopology.level()
                    .encoder(Part.of("encoder" + i, () -> convBlock(space, in, f, rng)))
                    .down(Part.unnamed(space.maxPool(2)))
                    .up(Part.of("up" + i, () -> Sequential.of(space.nearest(2), conv3(space, coarse, f, rng),
                            space.norm(Norm.BATCH, f), new ReLU())))
                    .join(gatedConcat(), Part.of("gate" + i, () -> new AttentionGate(space, f, f, f / 2, rng)))
                    .decoder(Part.of("decoder" + i, () -> convBlock(space, 2 * f, f, rng))));
        }
        t.bottleneck(Part.of("bottleneck", () -> convBlock(space, filters[last - 1], filters[last], rng)));
        t.head(Part.of("head", () -> space.convolution(filters[0], outChannels, 1).build(rng)));
        this.modules = t.build().build(this::registerChild);
    }

    /** A builder with the published configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** y = block([gate(s, u), u]): the skip scaled by its attention coefficients, then concatenated as usual. */
    private static SkipJoin gatedConcat() {
        return (skip, up, own, block, space) -> block.apply(Tensor.concat(1, ((AttentionGate) own).gate(skip, up),
                up));
    }

    private static Sequential convBlock(SpatialLayers space, int in, int out, SplittableRandom rng) {
        return Sequential.of(conv3(space, in, out, rng), space.norm(Norm.BATCH, out), new ReLU(),
                conv3(space, out, out, rng), space.norm(Norm.BATCH, out), new ReLU());
    }

    /** A 3-wide convolution with bias, padded to keep the size (padding 1). */
    private static Module conv3(SpatialLayers space, int in, int out, SplittableRandom rng) {
        return space.convolution(in, out, 3).padding(Padding.SAME).build(rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        int factor = 1 << (filters.length - 1);
        boolean ok = input.rank() == space.dims() + 2 && input.dim(1) == inChannels;
        for (int a = 2; ok && a < input.rank(); a++) {
            ok = input.dim(a) % factor == 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("this Attention U-Net takes " + space.layout().replace("C", ""
                    + inChannels) + " with every spatial size divisible by " + factor + " (" + (filters.length - 1)
                    + " poolings), got " + input.shape());
        }
        return modules.forward(input);
    }

    /** Parameters and FLOPs per inference of one input [1, C, spatial...] ({@code spatialDims} sizes). */
    public ModelCost cost(int... spatial) {
        return ModelCost.of(this, ModelCost.inputShape(inChannels, space.dims(), spatial));
    }

    /**
     * The module tree, the {@link #cost} of one input of {@code spatial} sizes and its {@link MeasuredCost measured}
     * inference and train-step times and peak heap (train step on that one input).
     */
    public String summary(int... spatial) {
        return this + "\n" + ModelCost.measure(this, 1, ModelCost.inputShape(inChannels, space.dims(), spatial));
    }

    @Override
    protected String describe() {
        return inChannels + " -> " + outChannels + ", filters " + Arrays.toString(filters)
                + (space.dims() == 2 ? "" : ", " + space.dims() + "-D");
    }

    /** Options of an {@link AttentionUNet}; the defaults are the published configuration. */
    public static final class Builder {
        private int inChannels = 3;
        private int outChannels = 1;
        private int[] filters = {64, 128, 256, 512, 1024};
        private long seed = 0;
        private int spatialDims = 2;

        private Builder() {
        }

        /** Spatial axes: 1 (inputs [N, C, W]), 2 (default, [N, C, H, W]) or 3 ([N, C, D, H, W]). */
        public Builder spatialDims(int d) {
            this.spatialDims = SpatialLayers.of(d).dims();
            return this;
        }

        /** Input channels (default 3). */
        public Builder inChannels(int c) {
            this.inChannels = BuilderChecks.positive("inChannels", c);
            return this;
        }

        /** Output channels (default 1). */
        public Builder outChannels(int c) {
            this.outChannels = BuilderChecks.positive("outChannels", c);
            return this;
        }

        /** Widths per level, finest first, the bottleneck last (default 64, 128, 256, 512, 1024). */
        public Builder filters(int... widths) {
            if (widths == null || widths.length < 2) {
                throw new IllegalArgumentException("an Attention U-Net needs at least two levels of filters, got "
                        + Arrays.toString(widths));
            }
            for (int w : widths) {
                if (w < 2) {
                    throw new IllegalArgumentException("every filter width must be >= 2 (the gate halves it), got "
                            + Arrays.toString(widths));
                }
            }
            this.filters = widths.clone();
            return this;
        }

        /** The seed of the weight initialisation (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public AttentionUNet build() {
            return new AttentionUNet(this);
        }
    }
}
