package org.unet4j.layers.zoo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.GroupNorm;
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
 * TransUNet (Chen et al. 2021), R50-ViT-B_16 as the authors' {@code networks/vit_seg_modeling.py} builds it: a
 * ResNet-50 (v2: standardised convolutions, group norms; root 7x7 stride 2, 3x3 max pool of stride 2 without
 * padding, {@link PreActBottleneck} units 3, 4, 9 of widths 256, 512, 1024) down to 1/16, a
 * {@link VisionTransformerEncoder} on its 1x1-embedded grid (hidden 768, 12 layers, 12 heads, MLP 3072, dropout
 * 0.1), a 3x3 conv-BN-ReLU to 512 channels, then the cascaded up-sampler: four blocks of bilinear x2 (corners
 * aligned, as {@code UpsamplingBilinear2d}), concatenation with the ResNet features at 1/8, 1/4 and 1/2 (the last
 * block has none) and two 3x3 conv-BN-ReLU (no conv bias), to widths 256, 128, 64, 16; the head a 3x3 convolution.
 * On the one topology each ResNet stage is a level's down-sampling (encoder blocks the identity, so the skips are
 * the stages' outputs as in the code), the Transformer and the 512-channel convolution the bottleneck, and the
 * finest level's join ignores its skip. The skip after the unpadded max pool is one pixel short and, as in the
 * code, padded with zeros at the bottom and right.
 *
 * <p>Defaults are the published configuration at the authors' training setting: 3 input channels, 9 classes
 * (Synapse), 224 x 224 inputs: 105,277,081 parameters (105,322,001 for 1 class at 256 x 256, the 105.32 M UNeXt's
 * comparison reports). The positional embedding fixes the input size; group norms have min(32, C) groups.
 */
public final class TransUNet extends Module {
    private final int inChannels;
    private final int classes;
    private final int imageSize;
    private final int width;
    private final int[] units;
    private final UNetModules modules;

    private TransUNet(Builder b) {
        this.inChannels = b.inChannels;
        this.classes = b.classes;
        this.imageSize = b.imageSize;
        this.width = b.width;
        this.units = b.units.clone();
        SplittableRandom rng = new SplittableRandom(b.seed);
        int w = width;
        int[] dec = b.decoderChannels;
        int[] skip = {0, w, 4 * w, 8 * w};
        int[] below = {dec[2], dec[1], dec[0], b.headChannels};
        SkipJoin[] joins = {SkipJoin.upOnly(), paddedUpFirstConcat(), paddedUpFirstConcat(), paddedUpFirstConcat()};
        Part[] downs = {
            Part.of("root", () -> Sequential.of(new StandardizedConv2d(inChannels, w, 7, 2, 3, rng),
                    new GroupNorm(Math.min(32, w), w, 1e-6, true), new ReLU())),
            Part.of("block1", () -> stage(new MaxPool2d(3, 2, 0), w, 4 * w, w, units[0], 1, rng)),
            Part.of("block2", () -> stage(null, 4 * w, 8 * w, 2 * w, units[1], 2, rng)),
            Part.of("block3", () -> stage(null, 8 * w, 16 * w, 4 * w, units[2], 2, rng))};
        UNetTopology.Builder t = UNetTopology.builder(SpatialLayers.of(2));
        for (int i = 0; i < 4; i++) {
            int in = below[i] + skip[i];
            int out = dec[3 - i];
            t.level(UNetTopology.level()
                    .encoder(Part.unnamed(new Identity()))
                    .down(downs[i])
                    .up(Part.unnamed(Upsample.bilinear(2, true)))
                    .join(joins[i])
                    .decoder(Part.of("decoder" + i, () -> Sequential.of(convBnRelu(in, out, rng),
                            convBnRelu(out, out, rng)))));
        }
        t.bottleneck(Part.of("transformer", () -> new VisionTransformerEncoder(16 * w, imageSize / 16, b.hidden,
                b.layers, b.heads, b.mlp, b.dropout, rng)), Part.of("conv_more", () -> convBnRelu(b.hidden,
                b.headChannels, rng)));
        t.head(Part.of("segmentation_head", () -> Conv2d.builder(dec[3], classes, 3).padding(1).build(rng)));
        this.modules = t.build().build(this::registerChild);
    }

    /** A builder with the published R50-ViT-B_16 configuration. */
    public static Builder builder() {
        return new Builder();
    }

    private static Sequential stage(Module pool, int cin, int cout, int cmid, int count, int stride,
            SplittableRandom rng) {
        Sequential s = pool == null ? new Sequential() : Sequential.of(pool);
        s.add(new PreActBottleneck(cin, cout, cmid, stride, rng));
        for (int u = 1; u < count; u++) {
            s.add(new PreActBottleneck(cout, cout, cmid, 1, rng));
        }
        return s;
    }

    private static Sequential convBnRelu(int in, int out, SplittableRandom rng) {
        return Sequential.of(Conv2d.builder(in, out, 3).padding(1).bias(false).build(rng), new BatchNorm2d(out),
                new ReLU());
    }

    /** y = block([up, skip]), the skip zero-padded at the bottom and right to the up-sampled size. */
    private static SkipJoin paddedUpFirstConcat() {
        return (skip, up, own, block, space) -> {
            int dh = up.dim(2) - skip.dim(2);
            int dw = up.dim(3) - skip.dim(3);
            Tensor s = dh == 0 && dw == 0 ? skip : skip.pad(new int[] {0, 0, 0, 0}, new int[] {0, 0, dh, dw}, 0);
            return block.apply(Tensor.concat(1, up, s));
        };
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 4 || input.dim(1) != inChannels || input.dim(2) != imageSize
                || input.dim(3) != imageSize) {
            throw new IllegalArgumentException("this TransUNet takes [N, " + inChannels + ", " + imageSize + ", "
                    + imageSize + "] (its positional embedding fixes the size), got " + input.shape());
        }
        return modules.forward(input);
    }

    /** Parameters and FLOPs per inference of one input [1, C, imageSize, imageSize]. */
    public ModelCost cost() {
        return ModelCost.of(this, 1, inChannels, imageSize, imageSize);
    }

    /** The module tree, the {@link #cost} of one image and its {@link MeasuredCost}. */
    public String summary() {
        return this + "\n" + ModelCost.measure(this, 1, 1, inChannels, imageSize, imageSize);
    }

    @Override
    protected String describe() {
        return inChannels + " -> " + classes + ", " + imageSize + " x " + imageSize + ", ResNet width " + width
                + " units " + Arrays.toString(units);
    }

    /** Options of a {@link TransUNet}; the defaults are the published configuration. */
    public static final class Builder {
        private int inChannels = 3;
        private int classes = 9;
        private int imageSize = 224;
        private int width = 64;
        private int[] units = {3, 4, 9};
        private int hidden = 768;
        private int layers = 12;
        private int heads = 12;
        private int mlp = 3072;
        private double dropout = 0.1;
        private int headChannels = 512;
        private int[] decoderChannels = {256, 128, 64, 16};
        private long seed = 0;

        private Builder() {
        }

        /** Input channels (default 3). */
        public Builder inChannels(int c) {
            this.inChannels = BuilderChecks.positive("inChannels", c);
            return this;
        }

        /** Output classes (default 9, Synapse). */
        public Builder classes(int c) {
            this.classes = BuilderChecks.positive("classes", c);
            return this;
        }

        /** The input size, a multiple of 16 (default 224). */
        public Builder imageSize(int s) {
            if (s < 16 || s % 16 != 0) {
                throw new IllegalArgumentException("imageSize must be a positive multiple of 16, got " + s);
            }
            this.imageSize = s;
            return this;
        }

        /** The ResNet's base width (default 64) and its units per stage (default 3, 4, 9). */
        public Builder resnet(int baseWidth, int... unitsPerStage) {
            if (unitsPerStage.length != 3 || Arrays.stream(unitsPerStage).anyMatch(u -> u < 1)) {
                throw new IllegalArgumentException("the ResNet has three stages of >= 1 units, got "
                        + Arrays.toString(unitsPerStage));
            }
            this.width = BuilderChecks.positive("baseWidth", baseWidth);
            this.units = unitsPerStage.clone();
            return this;
        }

        /** The Transformer: hidden size, layers, heads (dividing hidden) and MLP size (default 768, 12, 12, 3072). */
        public Builder transformer(int hiddenSize, int depth, int numHeads, int mlpSize) {
            if (BuilderChecks.positive("hidden", hiddenSize) % BuilderChecks.positive("heads", numHeads) != 0) {
                throw new IllegalArgumentException("heads must divide the hidden size, got " + numHeads + " and "
                        + hiddenSize);
            }
            this.hidden = hiddenSize;
            this.layers = BuilderChecks.positive("layers", depth);
            this.heads = numHeads;
            this.mlp = BuilderChecks.positive("mlp", mlpSize);
            return this;
        }

        /** The Transformer's dropout (default 0.1, the released configuration). */
        public Builder dropout(double p) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
            }
            this.dropout = p;
            return this;
        }

        /** The decoder: the convolution after the Transformer (default 512) and the four block widths. */
        public Builder decoder(int head, int... widths) {
            if (widths.length != 4 || Arrays.stream(widths).anyMatch(x -> x < 1)) {
                throw new IllegalArgumentException("the decoder has four blocks of positive width, got "
                        + Arrays.toString(widths));
            }
            this.headChannels = BuilderChecks.positive("head", head);
            this.decoderChannels = widths.clone();
            return this;
        }

        /** The seed of the weight initialisation (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public TransUNet build() {
            return new TransUNet(this);
        }
    }
}
