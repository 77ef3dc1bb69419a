package org.unet4j.layers.resnet;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.init.Init;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.zoo.ModelCost;

/**
 * segmentation_models_pytorch's {@code Unet(encoder_name, classes=K)} with a ResNet encoder, the base U-Net of the
 * SoftCut thesis (Bonfiglio 2022, Section 3, Figure 14a): a {@link ResNetEncoder}, a {@link ResNetUNetDecoder} and
 * a 3x3 segmentation head (padding 1, with bias; smp's Xavier-uniform start, bias 0) to K logits at the input's
 * size. smp's parameter counts hold: 14,328,209 for ResNet-18 and 24,436,369 for ResNet-34 with one class
 * (encoder 11,176,512 / 21,284,672, decoder 3,151,552, head 145). Inputs are {@code N x C x H x W} with H and W
 * multiples of 32. Random initialisation only: no pretrained weights can be downloaded here; see
 * {@link ResNetEncoder#loadWeights} for weights from a file.
 *
 * <pre>{@code
 * var net = ResNetUNet.builder().encoder(ResNet.RESNET34).inChannels(3).classes(1).build();   // smp's defaults
 * Tensor logits = net.forward(images);                                                          // N x 1 x H x W
 * }</pre>
 */
public final class ResNetUNet extends Module {
    private final ResNet resnet;
    private final int inChannels;
    private final int classes;
    private final int[] decoderChannels;
    private final ResNetEncoder encoder;
    private final ResNetUNetDecoder decoder;
    private final Conv2d head;

    private ResNetUNet(Builder b) {
        SplittableRandom rng = new SplittableRandom(b.seed);
        this.resnet = b.resnet;
        this.inChannels = b.inChannels;
        this.classes = b.classes;
        this.decoderChannels = b.decoderChannels.clone();
        this.encoder = registerChild("encoder", new ResNetEncoder(resnet, inChannels, rng));
        this.decoder = registerChild("decoder", new ResNetUNetDecoder(resnet, decoderChannels, rng));
        this.head = registerChild("segmentation_head", segmentationHead(decoder.outChannels(), classes, rng));
    }

    /** smp's segmentation head: a 3x3 convolution, padding 1, Xavier-uniform weights and a zero bias. */
    public static Conv2d segmentationHead(int in, int classes, SplittableRandom rng) {
        return Conv2d.builder(in, classes, 3).padding(1).weightInit(Init.xavierUniform()).biasInit(Init.zeros())
                .build(rng);
    }

    /** A builder: ResNet-18, 3 input channels, 1 class, smp's decoder widths (256, 128, 64, 32, 16), seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The encoder (for {@link ResNetEncoder#loadWeights}). */
    public ResNetEncoder encoder() {
        return encoder;
    }

    /** The logits, {@code N x classes x H x W}. */
    @Override
    public Tensor forward(Tensor input) {
        return head.forward(decoder.decode(encoder.encode(input)));
    }

    /** Parameters and FLOPs per inference of one input [1, C, height, width]. */
    public ModelCost cost(int height, int width) {
        return ModelCost.of(this, 1, inChannels, height, width);
    }

    @Override
    protected String describe() {
        return resnet + ", decoder " + Arrays.toString(decoderChannels) + ", " + inChannels + " -> " + classes;
    }

    /** Options of a {@link ResNetUNet}. */
    public static final class Builder {
        private ResNet resnet = ResNet.RESNET18;
        private int inChannels = 3;
        private int classes = 1;
        private int[] decoderChannels = ResNetUNetTopology.SMP_DECODER_CHANNELS;
        private long seed;

        private Builder() {
        }

        /** The encoder, {@link ResNet#RESNET18} (default; smp's default is ResNet-34) or {@link ResNet#RESNET34}. */
        public Builder encoder(ResNet r) {
            if (r == null) {
                throw new IllegalArgumentException("choose an encoder, e.g. ResNet.RESNET18 or ResNet.RESNET34");
            }
            this.resnet = r;
            return this;
        }

        /** Input channels (default 3). */
        public Builder inChannels(int c) {
            this.inChannels = positive("inChannels", c);
            return this;
        }

        /** Output channels, one logit map per class (default 1). */
        public Builder classes(int k) {
            this.classes = positive("classes", k);
            return this;
        }

        /** The five decoder widths, coarsest first (default smp's 256, 128, 64, 32, 16). */
        public Builder decoderChannels(int... widths) {
            this.decoderChannels = ResNetUNetTopology.decoderChannels(widths);
            return this;
        }

        /** The seed of the initialisation (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public ResNetUNet build() {
            return new ResNetUNet(this);
        }

        static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value);
            }
            return value;
        }
    }
}
