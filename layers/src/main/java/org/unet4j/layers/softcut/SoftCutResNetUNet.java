package org.unet4j.layers.softcut;

import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.resnet.ResNet;
import org.unet4j.layers.resnet.ResNetEncoder;
import org.unet4j.layers.resnet.ResNetUNet;
import org.unet4j.layers.resnet.ResNetUNetDecoder;
import org.unet4j.layers.topology.UNetModules;

/**
 * The SoftCut thesis's U-Net (Bonfiglio 2022, Section 3, Figure 14) as it ran it: segmentation_models_pytorch's
 * U-Net on a ResNet-18 or ResNet-34 encoder, with a second decoder for the edge weights.
 * <ul>
 *   <li>Scores: the {@link ResNetEncoder}, the score {@link ResNetUNetDecoder} and smp's 3x3 segmentation head
 *       ({@link ResNetUNet#segmentationHead}). Without a cut this is the base U-Net, smp's {@code Unet} parameter
 *       for parameter (Figure 14a).</li>
 *   <li>Edge weights (Figure 14b): a second decoder of the same shape reads the same encoder features. Applied to
 *       them it gives, through a {@code 1 x 2} edge head ({@link EdgeHead}, our choice of how a pixel decoder's
 *       output becomes one weight per edge) and {@code softplus}, the weights of the edges along axis 1 (rows);
 *       applied to the features transposed ({@code H <-> W}), the same head's output transposed back gives the
 *       weights along axis 0 (columns): the thesis's "transposing the inputs and the output of the decoder". The
 *       encoder runs once.</li>
 *   <li>The cut: {@link SoftCut} (or the {@link SubmodularTotalVariation} baseline); with {@code classes(K)},
 *       {@code K >= 2} (background included), one cut per class sharing the edge weights ({@link MulticlassCut}),
 *       whose output is softmaxed (Experiment 10).</li>
 * </ul>
 * Parameters with smp's decoder widths and one class: ResNet-18 17,479,794 (encoder 11,176,512, two decoders of
 * 3,151,552, score head 145, edge head 33), ResNet-34 27,587,954. Inputs {@code N x C x H x W}, H and W multiples
 * of 32. Random initialisation: no pretrained weights can be downloaded here ({@code encoder().loadWeights(file)}
 * reads them from a unet4j checkpoint).
 *
 * <pre>{@code
 * var net = SoftCutResNetUNet.builder().encoder(ResNet.RESNET18).inChannels(3).cut(SoftCut.create()).seed(1).build();
 * Tensor logits = net.forward(images);                   // N x 1 x H x W, SoftCut's relaxed output
 * Tensor mask = net.cutInputs(images).hard();            // max-flow at inference
 * var base = SoftCutResNetUNet.builder().encoder(ResNet.RESNET34).build();       // no cut: the base U-Net
 * var tiny = SoftCutResNetUNet.builder().encoder(ResNet.RESNET18.withWidths(4, 8, 16, 32))
 *         .decoderChannels(16, 8, 8, 4, 4).cut(SoftCut.create()).build();         // for tests and small runs
 * }</pre>
 */
public final class SoftCutResNetUNet extends Module {
    private final ResNet resnet;
    private final int classes;
    private final ResNetEncoder encoder;
    private final ResNetUNetDecoder scoreDecoder;
    private final Conv2d scoreHead;
    private final ResNetUNetDecoder edgeDecoder;
    private final EdgeHead edgeHead;
    private final RelaxedCut cut;

    private SoftCutResNetUNet(Builder b) {
        SplittableRandom rng = new SplittableRandom(b.seed);
        this.resnet = b.resnet;
        this.classes = b.classes;
        this.encoder = registerChild("encoder", new ResNetEncoder(resnet, b.inChannels, rng));
        this.scoreDecoder = registerChild("scoreDecoder", new ResNetUNetDecoder(resnet, b.decoderChannels, rng));
        this.scoreHead = registerChild("scoreHead", ResNetUNet.segmentationHead(scoreDecoder.outChannels(), classes,
                rng));
        this.cut = b.cut == null || classes == 1 ? b.cut : MulticlassCut.of(b.cut);
        if (cut == null) {
            this.edgeDecoder = null;
            this.edgeHead = null;
        } else {
            this.edgeDecoder = registerChild("edgeDecoder", new ResNetUNetDecoder(resnet, b.decoderChannels, rng));
            this.edgeHead = registerChild("edgeHead", new EdgeHead(edgeDecoder.outChannels(), b.activation, rng));
        }
    }

    /**
     * A builder: {@link ResNet#RESNET18}, 3 input channels (4 with the thesis's object channel, Experiments 5-6),
     * 1 class, smp's decoder widths, softplus weights, no cut (the base U-Net), seed 0.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The shared encoder ({@link ResNetEncoder#loadWeights} loads its weights from a checkpoint). */
    public ResNetEncoder encoder() {
        return encoder;
    }

    /** The cut layer, or null for the base U-Net. */
    public RelaxedCut cut() {
        return cut;
    }

    /**
     * Scores ({@code N x K x H x W}) and the non-negative edge weights along axis 0 ({@code N x 1 x (H-1) x W})
     * and axis 1 ({@code N x 1 x H x (W-1)}).
     *
     * @throws IllegalStateException for the base U-Net, which has no edge decoder
     */
    public CutInputs cutInputs(Tensor input) {
        if (edgeDecoder == null) {
            throw new IllegalStateException("the base U-Net (built without a cut) predicts no edge weights");
        }
        UNetModules.Encoded features = encoder.encode(input);
        return new CutInputs(scoreHead.forward(scoreDecoder.decode(features)), edgeWeights(features));
    }

    /**
     * The edge decoder on the features (weights along axis 1) and on their transposes, its output transposed back
     * (weights along axis 0); transposing the features hence swaps the two and transposes each.
     */
    List<Tensor> edgeWeights(UNetModules.Encoded features) {
        Tensor rows = edgeHead.forward(edgeDecoder.decode(features));
        Tensor columns = edgeHead.transposed(edgeDecoder.decode(features.map(t -> t.transpose(2, 3))));
        return List.of(columns, rows);
    }

    /** SoftCut's relaxed logits, or the base U-Net's logits without a cut: {@code N x K x H x W}. */
    @Override
    public Tensor forward(Tensor input) {
        if (cut == null) {
            return scoreHead.forward(scoreDecoder.decode(encoder.encode(input)));
        }
        return cutInputs(input).relaxed(cut);
    }

    @Override
    protected String describe() {
        return resnet + (classes == 1 ? "" : ", " + classes + " classes") + ", " + (cut == null ? "no cut" : cut);
    }

    /** Options of a {@link SoftCutResNetUNet}. */
    public static final class Builder extends SoftCutNetworkBuilder<Builder> {
        private ResNet resnet = ResNet.RESNET18;
        private int classes = 1;
        private int[] decoderChannels = {256, 128, 64, 32, 16};

        private Builder() {
            super(3, EdgeWeightActivation.SOFTPLUS);
        }

        /** The encoder: {@link ResNet#RESNET18} (default) or {@link ResNet#RESNET34}, or a narrower one. */
        public Builder encoder(ResNet r) {
            if (r == null) {
                throw new IllegalArgumentException("choose an encoder, e.g. ResNet.RESNET18 or ResNet.RESNET34");
            }
            this.resnet = r;
            return this;
        }

        /**
         * Output classes: 1 (default) for binary segmentation, or {@code K >= 2}, background included, for the
         * multiclass network (K score maps, one shared pair of weight maps, the cut per class; softmax the output).
         */
        public Builder classes(int k) {
            this.classes = positive("classes", k);
            return this;
        }

        /**
         * The five widths of both decoders, coarsest first (default smp's 256, 128, 64, 32, 16); checked by
         * {@link ResNetUNetDecoder} when the network is built.
         */
        public Builder decoderChannels(int... widths) {
            this.decoderChannels = widths.clone();
            return this;
        }

        /** The network. */
        public SoftCutResNetUNet build() {
            return new SoftCutResNetUNet(this);
        }
    }
}
