package org.unet4j.layers.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Upsample;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;

/**
 * U2Net (Qin et al., <i>U2-Net: going deeper with nested U-structure for salient object detection</i>, Pattern
 * Recognition 2020), read from the authors' {@code model/u2net.py}: a six-level U-Net of {@link ResidualUBlock}s
 * (RSU-7, 6, 5, 4, then RSU-4F twice; 2x2 max pooling down, bilinear x2 up, decoders on [up, skip]), so a U-Net of
 * U-Nets, both levels configurations of the one topology. Each decoder level and the bottom have a side output, a
 * 3x3 convolution to {@code outChannels}, bilinearly up-sampled to the input size: d1..d6; the fused output is
 * d0 = conv1x1([d1, ..., d6]). The code returns sigmoid(d0..d6) and trains on the sum of their seven BCE losses;
 * here {@link #forward} returns the logits d0 and {@link #forwardWithSideOutputs} the logits d0..d6 (pair them
 * with a BCE-with-logits loss).
 *
 * <p>Defaults are U2NET(3, 1): 44,009,869 parameters; {@link Builder#lite()} is U2NETP(3, 1): 1,131,181.
 * Inputs [N, C, H, W] with H, W divisible by 32 (the code's ceil-mode pooling then never pads).
 */
public final class U2Net extends Module {
    private static final int LEVELS = 5;
    private final int inChannels;
    private final int outChannels;
    private final int[][] encoder;
    private final int[][] decoder;
    private final UNetModules modules;
    private final List<Conv2d> sides = new ArrayList<>();
    private final Conv2d fuse;

    private U2Net(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.encoder = b.encoder;
        this.decoder = b.decoder;
        SplittableRandom rng = new SplittableRandom(b.seed);
        SpatialLayers space = SpatialLayers.of(2);
        UNetTopology.Builder t = UNetTopology.builder(space);
        for (int i = 0; i < LEVELS; i++) {
            int in = i == 0 ? inChannels : encoder[i - 1][1];
            int[] e = encoder[i];
            int[] d = decoder[i];
            int below = i == LEVELS - 1 ? encoder[LEVELS][1] : decoder[i + 1][1];
            int level = i;
            t.level(UNetTopology.level()
                    .encoder(Part.of("stage" + (i + 1), () -> block(level, in, e[0], e[1], rng)))
                    .down(Part.unnamed(space.maxPool(2)))
                    .up(Part.unnamed(space.linear(2)))
                    .join(SkipJoin.concatUpFirst())
                    .decoder(Part.of("stage" + (i + 1) + "d", () -> block(level, below + e[1], d[0], d[1], rng))));
        }
        t.bottleneck(Part.of("stage6", () -> ResidualUBlock.rsu4f(encoder[LEVELS - 1][1], encoder[LEVELS][0],
                encoder[LEVELS][1], rng)));
        this.modules = t.build().build(this::registerChild);
        for (int k = 0; k <= LEVELS; k++) {
            int width = k < LEVELS ? decoder[k][1] : encoder[LEVELS][1];
            sides.add(registerChild("side" + (k + 1), Conv2d.builder(width, outChannels, 3).padding(1).build(rng)));
        }
        this.fuse = registerChild("outconv", Conv2d.builder((LEVELS + 1) * outChannels, outChannels, 1).build(rng));
    }

    /** A builder with the published U2NET configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** Level i's block: RSU-(7 - i) on the four finest levels, RSU-4F on the fifth. */
    private static ResidualUBlock block(int level, int in, int mid, int out, SplittableRandom rng) {
        return level == LEVELS - 1 ? ResidualUBlock.rsu4f(in, mid, out, rng)
                : ResidualUBlock.rsu(7 - level, in, mid, out, rng);
    }

    /** The fused logits d0, [N, outChannels, H, W]. */
    @Override
    public Tensor forward(Tensor input) {
        return forwardWithSideOutputs(input).get(0);
    }

    /** The fused logits d0, then the side logits d1..d6 (finest first), each [N, outChannels, H, W]. */
    public List<Tensor> forwardWithSideOutputs(Tensor input) {
        if (input.rank() != 4 || input.dim(1) != inChannels || input.dim(2) % 32 != 0 || input.dim(3) % 32 != 0) {
            throw new IllegalArgumentException("U2Net takes [N, " + inChannels + ", H, W] with H and W divisible by 32 "
                    + "(five poolings, and four more inside RSU-7), got " + input.shape());
        }
        List<Tensor> levels = modules.decodeLevels(modules.encode(input));
        List<Tensor> out = new ArrayList<>();
        out.add(null);
        for (int k = 0; k <= LEVELS; k++) {
            Tensor side = sides.get(k).forward(levels.get(k));
            out.add(k == 0 ? side : Upsample.bilinear(1 << k, false).forward(side));
        }
        out.set(0, fuse.forward(Tensor.concat(out.subList(1, out.size()), 1)));
        return out;
    }

    /** Parameters and FLOPs per inference of one input [1, C, height, width]. */
    public ModelCost cost(int height, int width) {
        return ModelCost.of(this, 1, inChannels, height, width);
    }

    /** The module tree, the {@link #cost} of one input of {@code height x width} and its {@link MeasuredCost}. */
    public String summary(int height, int width) {
        return this + "\n" + ModelCost.measure(this, 1, 1, inChannels, height, width);
    }

    @Override
    protected String describe() {
        return inChannels + " -> " + outChannels + ", stage widths (mid, out) " + Arrays.deepToString(encoder)
                + ", decoder " + Arrays.deepToString(decoder);
    }

    /** Options of a {@link U2Net}; the defaults are the published U2NET configuration. */
    public static final class Builder {
        private int inChannels = 3;
        private int outChannels = 1;
        private int[][] encoder = {{32, 64}, {32, 128}, {64, 256}, {128, 512}, {256, 512}, {256, 512}};
        private int[][] decoder = {{16, 64}, {32, 64}, {64, 128}, {128, 256}, {256, 512}};
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

        /** The authors' small U2NETP: every block mid 16, out 64. */
        public Builder lite() {
            return uniformWidths(16, 64);
        }

        /** Every block with {@code mid} inner and {@code out} output channels (U2NETP is 16, 64). */
        public Builder uniformWidths(int mid, int out) {
            if (mid < 1 || out < 1) {
                throw new IllegalArgumentException("block widths must be >= 1, got mid " + mid + ", out " + out);
            }
            encoder = new int[LEVELS + 1][];
            decoder = new int[LEVELS][];
            for (int i = 0; i <= LEVELS; i++) {
                encoder[i] = new int[] {mid, out};
                if (i < LEVELS) {
                    decoder[i] = new int[] {mid, out};
                }
            }
            return this;
        }

        /** The seed of the weight initialisation (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public U2Net build() {
            return new U2Net(this);
        }
    }
}
