package org.unet4j.layers.zoo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.nn.Upsample;
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
 */
public final class AttentionUNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] filters;
    private final UNetModules modules;

    private AttentionUNet(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.filters = b.filters.clone();
        SplittableRandom rng = new SplittableRandom(b.seed);
        SpatialLayers space = SpatialLayers.of(2);
        int last = filters.length - 1;
        UNetTopology.Builder t = UNetTopology.builder(space);
        for (int i = 0; i < last; i++) {
            int f = filters[i];
            int in = i == 0 ? inChannels : filters[i - 1];
            int coarse = filters[i + 1];
            t.level(UNetTopology.level()
                    .encoder(Part.of("encoder" + i, () -> convBlock(in, f, rng)))
                    .down(Part.unnamed(space.maxPool(2)))
                    .up(Part.of("up" + i, () -> Sequential.of(Upsample.nearest(2), conv3x3(coarse, f, rng),
                            new BatchNorm2d(f), new ReLU())))
                    .join(gatedConcat(), Part.of("gate" + i, () -> new AttentionGate(f, f, f / 2, rng)))
                    .decoder(Part.of("decoder" + i, () -> convBlock(2 * f, f, rng))));
        }
        t.bottleneck(Part.of("bottleneck", () -> convBlock(filters[last - 1], filters[last], rng)));
        t.head(Part.of("head", () -> Conv2d.builder(filters[0], outChannels, 1).build(rng)));
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

    private static Sequential convBlock(int in, int out, SplittableRandom rng) {
        return Sequential.of(conv3x3(in, out, rng), new BatchNorm2d(out), new ReLU(), conv3x3(out, out, rng),
                new BatchNorm2d(out), new ReLU());
    }

    private static Conv2d conv3x3(int in, int out, SplittableRandom rng) {
        return Conv2d.builder(in, out, 3).padding(1).build(rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        int factor = 1 << (filters.length - 1);
        if (input.rank() != 4 || input.dim(1) != inChannels || input.dim(2) % factor != 0
                || input.dim(3) % factor != 0) {
            throw new IllegalArgumentException("this Attention U-Net takes [N, " + inChannels + ", H, W] with H and W "
                    + "divisible by " + factor + " (" + (filters.length - 1) + " poolings), got " + input.shape());
        }
        return modules.forward(input);
    }

    /** Parameters and FLOPs per inference of one input [1, C, height, width]. */
    public ModelCost cost(int height, int width) {
        return ModelCost.of(this, 1, inChannels, height, width);
    }

    /** The module tree and the {@link #cost} of one input of {@code height x width}. */
    public String summary(int height, int width) {
        return this + "\n" + cost(height, width);
    }

    @Override
    protected String describe() {
        return inChannels + " -> " + outChannels + ", filters " + Arrays.toString(filters);
    }

    /** Options of an {@link AttentionUNet}; the defaults are the published configuration. */
    public static final class Builder {
        private int inChannels = 3;
        private int outChannels = 1;
        private int[] filters = {64, 128, 256, 512, 1024};
        private long seed = 0;

        private Builder() {
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
