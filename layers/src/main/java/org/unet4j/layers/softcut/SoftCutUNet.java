package org.unet4j.layers.softcut;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.nn.Conv2d;

/**
 * The U-Net of Figure 14 in Bonfiglio's SoftCut thesis (2022): one encoder and two decoders.
 * <ul>
 *   <li>The score decoder and a {@code 1 x 1} head give the pixel scores (alone: the base U-Net, Figure 14a).</li>
 *   <li>The edge decoder serves both axes "by transposing the inputs and the output": applied to the encoder
 *       features it gives, through a {@code 1 x 2} edge head ({@link EdgeHead}) and {@code softplus} (or
 *       {@code exp}), the weights along axis 1; applied to the transposed features ({@code H <-> W}), the same
 *       head's output transposed back gives the weights along axis 0 (Figure 14b). The encoder runs once.</li>
 * </ul>
 * Small by default (two levels of 8 and 16 filters); height and width must be multiples of {@code 2^(levels-1)}.
 * With {@link Builder#classes(int) classes(K)}, {@code K >= 2} (background included), the score head gives
 * {@code K} channels, the one pair of edge-weight maps is shared by the classes and the cut runs per class
 * ({@link MulticlassCut}): the output is the {@code K} relaxed class logits for a softmax, the thesis's multiclass
 * network (Section 3, Experiment 10).
 *
 * <pre>{@code
 * var net = SoftCutUNet.builder().inChannels(1).filters(8, 16, 32).cut(SoftCut.create()).build();
 * Tensor logits = net.forward(images);
 * }</pre>
 */
public final class SoftCutUNet extends Module {
    private final int[] filters;
    private final UNetEncoder encoder;
    private final UNetDecoder scoreDecoder;
    private final Conv2d scoreHead;
    private final UNetDecoder edgeDecoder;
    private final EdgeHead edgeHead;
    private final RelaxedCut cut;
    private final int classes;

    private SoftCutUNet(Builder b) {
        SplittableRandom rng = new SplittableRandom(b.seed);
        this.filters = b.filters.clone();
        this.encoder = registerChild("encoder", new UNetEncoder(b.inChannels, filters, rng));
        this.scoreDecoder = registerChild("scoreDecoder", new UNetDecoder(filters, rng));
        this.classes = b.classes;
        this.scoreHead = registerChild("scoreHead", Conv2d.builder(filters[0], classes, 1).build(rng));
        this.cut = b.cut == null || classes == 1 ? b.cut : MulticlassCut.of(b.cut);
        if (cut == null) {
            this.edgeDecoder = null;
            this.edgeHead = null;
        } else {
            this.edgeDecoder = registerChild("edgeDecoder", new UNetDecoder(filters, rng));
            this.edgeHead = registerChild("edgeHead", new EdgeHead(filters[0], b.activation, rng));
        }
    }

    /** A builder: 1 input channel, filters 8 and 16, softplus weights, no cut (the base U-Net), seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cut layer, or null for the base U-Net. */
    public RelaxedCut cut() {
        return cut;
    }

    private void requireSize(Tensor input) {
        int multiple = 1 << (filters.length - 1);
        if (input.rank() != 4 || input.dim(2) % multiple != 0 || input.dim(3) % multiple != 0) {
            throw new IllegalArgumentException("this " + filters.length + "-level SoftCutUNet needs N x C x H x W "
                    + "with H and W multiples of " + multiple + ", got shape " + input.shape());
        }
    }

    /**
     * Scores and edge weights for an {@code N x C x H x W} batch.
     *
     * @throws IllegalStateException for the base U-Net, which has no edge decoder
     */
    public CutInputs cutInputs(Tensor input) {
        if (edgeDecoder == null) {
            throw new IllegalStateException("the base U-Net (built without a cut) predicts no edge weights");
        }
        requireSize(input);
        List<Tensor> features = encoder.features(input);
        Tensor scores = scoreHead.forward(scoreDecoder.decode(features));
        Tensor horizontal = edgeHead.forward(edgeDecoder.decode(features));
        List<Tensor> transposed = features.stream().map(t -> t.transpose(2, 3)).toList();
        Tensor vertical = edgeHead.transposed(edgeDecoder.decode(transposed));
        return new CutInputs(scores, List.of(vertical, horizontal));
    }

    @Override
    public Tensor forward(Tensor input) {
        if (cut == null) {
            requireSize(input);
            return scoreHead.forward(scoreDecoder.decode(encoder.features(input)));
        }
        return cutInputs(input).relaxed(cut);
    }

    @Override
    public String toString() {
        return "SoftCutUNet(filters " + Arrays.toString(filters) + (classes == 1 ? "" : ", " + classes + " classes")
                + ", " + (cut == null ? "no cut" : cut) + ")";
    }

    /** Options of a {@link SoftCutUNet}. */
    public static final class Builder {
        private int inChannels = 1;
        private int[] filters = {8, 16};
        private EdgeWeightActivation activation = EdgeWeightActivation.SOFTPLUS;
        private RelaxedCut cut;
        private int classes = 1;
        private long seed;

        private Builder() {
        }

        /** Input channels, default 1. */
        public Builder inChannels(int c) {
            this.inChannels = SoftCutBaseNet.Builder.positive("inChannels", c);
            return this;
        }

        /** Filters per level, finest first; the number of levels is their count. Default 8, 16. */
        public Builder filters(int... perLevel) {
            if (perLevel.length == 0) {
                throw new IllegalArgumentException("a U-Net needs at least one level of filters");
            }
            for (int f : perLevel) {
                SoftCutBaseNet.Builder.positive("filters", f);
            }
            this.filters = perLevel.clone();
            return this;
        }

        /** The weight activation, {@link EdgeWeightActivation#SOFTPLUS} by default as in Figure 14. */
        public Builder activation(EdgeWeightActivation a) {
            this.activation = a;
            return this;
        }

        /**
         * The cut after the decoders ({@link SoftCut} or the {@link SubmodularTotalVariation} baseline); null (the
         * default) builds the base U-Net.
         */
        public Builder cut(RelaxedCut layer) {
            this.cut = layer;
            return this;
        }

        /**
         * Output classes: 1 (the default) for binary segmentation (one score map, one cut), or {@code K >= 2}, the
         * background class included, for the thesis's multiclass network ({@code K} score maps, shared edge
         * weights, the cut per class; softmax the output).
         */
        public Builder classes(int k) {
            this.classes = SoftCutBaseNet.Builder.positive("classes", k);
            return this;
        }

        /** Seed of the initialisation. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public SoftCutUNet build() {
            return new SoftCutUNet(this);
        }
    }
}
