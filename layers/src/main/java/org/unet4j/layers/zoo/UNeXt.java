package org.unet4j.layers.zoo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.ReLU;
import org.unet4j.layers.nn.Upsample;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;

/**
 * UNeXt (Valanarasu and Patel, MICCAI 2022), read from the authors' released {@code archs.py} ({@code UNext}):
 * three convolutional stages c_j = relu(maxpool(BN(conv3x3(.)))), then two {@link TokenizedMlpStage}s (patch
 * embedding of stride 2, shifted MLP block, layer norm) down to 1/32 of the input; the decoder mirrors them with
 * u = relu(bilinear x2(BN(conv3x3(.)))) added to the skip, followed by a shifted MLP block at the two token levels;
 * a last conv3x3, bilinear x2 and ReLU restore the input size, and a 1x1 convolution is the head. On the one
 * topology the levels sit at 1/2 .. 1/16 of the input: the first convolutional stage is the stem, each further
 * stage is a level's down-sampling (its encoder block the identity, so that the skip is the stage's pooled output
 * as in the code), the skip join is {@link SkipJoin#add()}, the decoder blocks are the token stages (identity on the
 * convolutional levels) and the up-sampling stages are the decoder convolutions.
 *
 * <p>Defaults are the published configuration: 3 input channels, 1 output, convolutional widths 16, 32, 128, token
 * widths 160, 256, MLP ratio 1, shift size 5, no drop path: 1,471,921 parameters. Inputs [N, C, H, W] with H, W
 * divisible by 32.
 */
public final class UNeXt extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] convWidths;
    private final int[] tokenWidths;
    private final UNetModules modules;

    private UNeXt(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.convWidths = b.convWidths.clone();
        this.tokenWidths = b.tokenWidths.clone();
        SplittableRandom rng = new SplittableRandom(b.seed);
        int[] c = convWidths;
        int[] e = tokenWidths;
        double p = b.dropPath;
        UNetTopology.Builder t = UNetTopology.builder(SpatialLayers.of(2))
                .stem(Part.of("conv1", () -> convStage(inChannels, c[0], rng)))
                .level(UNetTopology.level()
                        .encoder(Part.unnamed(new Identity()))
                        .down(Part.of("conv2", () -> convStage(c[0], c[1], rng)))
                        .up(Part.of("up1", () -> upStage(c[1], c[0], rng)))
                        .join(SkipJoin.add())
                        .decoder(Part.unnamed(new Identity())))
                .level(UNetTopology.level()
                        .encoder(Part.unnamed(new Identity()))
                        .down(Part.of("conv3", () -> convStage(c[1], c[2], rng)))
                        .up(Part.of("up2", () -> upStage(c[2], c[1], rng)))
                        .join(SkipJoin.add())
                        .decoder(Part.unnamed(new Identity())))
                .level(UNetTopology.level()
                        .encoder(Part.unnamed(new Identity()))
                        .down(Part.of("tok4", () -> TokenizedMlpStage.encoder(c[2], e[0], p, rng)))
                        .up(Part.of("up3", () -> upStage(e[0], c[2], rng)))
                        .join(SkipJoin.add())
                        .decoder(Part.of("dtok3", () -> TokenizedMlpStage.decoder(c[2], p, rng))))
                .level(UNetTopology.level()
                        .encoder(Part.unnamed(new Identity()))
                        .down(Part.of("tok5", () -> TokenizedMlpStage.encoder(e[0], e[1], p, rng)))
                        .up(Part.of("up4", () -> upStage(e[1], e[0], rng)))
                        .join(SkipJoin.add())
                        .decoder(Part.of("dtok4", () -> TokenizedMlpStage.decoder(e[0], p, rng))))
                .bottleneck(Part.unnamed(new Identity()))
                .head(Part.of("up0", () -> Sequential.of(conv3x3(c[0], c[0], rng), Upsample.bilinear(2, false),
                        new ReLU())), Part.of("final", () -> Conv2d.builder(c[0], outChannels, 1).build(rng)));
        this.modules = t.build().build(this::registerChild);
    }

    /** A builder with the published configuration. */
    public static Builder builder() {
        return new Builder();
    }

    private static Sequential convStage(int in, int out, SplittableRandom rng) {
        return Sequential.of(conv3x3(in, out, rng), new BatchNorm2d(out), new MaxPool2d(2), new ReLU());
    }

    private static Sequential upStage(int in, int out, SplittableRandom rng) {
        return Sequential.of(conv3x3(in, out, rng), new BatchNorm2d(out), Upsample.bilinear(2, false), new ReLU());
    }

    private static Conv2d conv3x3(int in, int out, SplittableRandom rng) {
        return Conv2d.builder(in, out, 3).padding(1).build(rng);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 4 || input.dim(1) != inChannels || input.dim(2) % 32 != 0 || input.dim(3) % 32 != 0) {
            throw new IllegalArgumentException("UNeXt takes [N, " + inChannels + ", H, W] with H and W divisible by "
                    + "32 (five halvings), got " + input.shape());
        }
        return modules.forward(input);
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
        return inChannels + " -> " + outChannels + ", conv widths " + Arrays.toString(convWidths) + ", token widths "
                + Arrays.toString(tokenWidths);
    }

    /** Options of a {@link UNeXt}; the defaults are the published configuration. */
    public static final class Builder {
        private int inChannels = 3;
        private int outChannels = 1;
        private int[] convWidths = {16, 32, 128};
        private int[] tokenWidths = {160, 256};
        private double dropPath = 0;
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

        /** The widths of the three convolutional stages (default 16, 32, 128). */
        public Builder convWidths(int... widths) {
            if (widths.length != 3 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("UNeXt has three convolutional stages of positive width, got "
                        + Arrays.toString(widths));
            }
            this.convWidths = widths.clone();
            return this;
        }

        /** The widths of the two tokenised MLP stages (default 160, 256). */
        public Builder tokenWidths(int... widths) {
            if (widths.length != 2 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("UNeXt has two tokenised MLP stages of positive width, got "
                        + Arrays.toString(widths));
            }
            this.tokenWidths = widths.clone();
            return this;
        }

        /**
         * Stochastic depth of every shifted MLP block's branch in training (default 0, as published; the code would
         * spread a non-zero rate linearly over the blocks).
         */
        public Builder dropPath(double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropPath must be in [0, 1), got " + p);
            }
            this.dropPath = p;
            return this;
        }

        /** The seed of the weight initialisation (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public UNeXt build() {
            return new UNeXt(this);
        }
    }
}
