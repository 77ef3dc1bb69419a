package org.unet4j.layers.softcut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.StageTable;

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
 * <p>With {@link Builder#spatialDims(int) spatialDims(3)} the network takes volumes {@code N x C x D x H x W}:
 * {@code 3 x 3 x 3} convolutions, {@code 2 x 2 x 2} pooling, a {@code 1 x 1 x 2} edge head, and the edge decoder run
 * once per axis k on the features with axis k swapped with the last (three edge directions, the 3-D graph of the
 * cut). The cut must then be {@link SoftCut} (the {@link SubmodularTotalVariation} baseline solves 1-D and 2-D
 * grids only).
 *
 * <pre>{@code
 * var net = SoftCutUNet.builder().inChannels(1).filters(8, 16, 32).cut(SoftCut.create()).build();
 * Tensor logits = net.forward(images);
 * var volumes = SoftCutUNet.builder().spatialDims(3).filters(4, 8).cut(SoftCut.create()).build();
 * System.out.println(volumes.summary(Shape.of(1, 1, 8, 16, 16)));
 * }</pre>
 */
public final class SoftCutUNet extends Module {
    private final int[] filters;
    private final SpatialLayers space;
    private final UNetEncoder encoder;
    private final UNetDecoder scoreDecoder;
    private final Module scoreHead;
    private final UNetDecoder edgeDecoder;
    private final EdgeHead edgeHead;
    private final RelaxedCut cut;
    private final int classes;

    private SoftCutUNet(Builder b) {
        SplittableRandom rng = new SplittableRandom(b.seed);
        this.filters = b.filters.clone();
        this.space = SpatialLayers.of(b.spatialDims);
        int d = space.dims();
        this.encoder = registerChild("encoder", new UNetEncoder(d, b.inChannels, filters, rng));
        this.scoreDecoder = registerChild("scoreDecoder", new UNetDecoder(d, filters, rng));
        this.classes = b.classes;
        this.scoreHead = registerChild("scoreHead", space.convolution(filters[0], classes, 1).build(rng));
        this.cut = b.cut == null || classes == 1 ? b.cut : MulticlassCut.of(b.cut);
        if (cut == null) {
            this.edgeDecoder = null;
            this.edgeHead = null;
        } else {
            this.edgeDecoder = registerChild("edgeDecoder", new UNetDecoder(d, filters, rng));
            this.edgeHead = registerChild("edgeHead", new EdgeHead(d, filters[0], b.activation, rng));
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

    /** The number of spatial axes of the inputs, 2 (images) or 3 (volumes). */
    public int spatialDims() {
        return space.dims();
    }

    private void requireSize(Shape input) {
        int multiple = 1 << (filters.length - 1);
        boolean valid = input.rank() == 2 + space.dims();
        for (int a = 2; valid && a < input.rank(); a++) {
            valid = input.dim(a) % multiple == 0;
        }
        if (!valid) {
            String layout = space.dims() == 2 ? "N x C x H x W with H and W" : "N x C x D x H x W with D, H and W";
            throw new IllegalArgumentException("this " + filters.length + "-level SoftCutUNet needs " + layout
                    + " multiples of " + multiple + ", got shape " + input);
        }
    }

    /**
     * Scores and edge weights for an {@code N x C x H x W} batch (or {@code N x C x D x H x W} in 3-D), the weights
     * of axis k from the edge decoder on the features with axis k swapped with the last.
     *
     * @throws IllegalStateException for the base U-Net, which has no edge decoder
     */
    public CutInputs cutInputs(Tensor input) {
        if (edgeDecoder == null) {
            throw new IllegalStateException("the base U-Net (built without a cut) predicts no edge weights");
        }
        requireSize(input.shape());
        List<Tensor> features = encoder.features(input);
        Tensor scores = scoreHead.forward(scoreDecoder.decode(features));
        int last = input.rank() - 1;
        List<Tensor> weights = new ArrayList<>();
        for (int axis = 0; axis < space.dims(); axis++) {
            int swap = 2 + axis;
            List<Tensor> swapped = swap == last ? features : features.stream().map(t -> t.transpose(swap, last))
                    .toList();
            weights.add(edgeHead.along(axis, edgeDecoder.decode(swapped)));
        }
        return new CutInputs(scores, weights);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (cut == null) {
            requireSize(input.shape());
            return scoreHead.forward(scoreDecoder.decode(encoder.features(input)));
        }
        return cutInputs(input).relaxed(cut);
    }

    /**
     * The stages with their output shapes for {@code input} ({@code N x C x H x W}, or {@code N x C x D x H x W} in
     * 3-D; from the size rules, no forward pass) and the parameter count. The edge decoder and head appear once per
     * axis, the weight shapes one per axis.
     */
    public String summary(Shape input) {
        requireSize(input);
        int n = input.dim(0);
        int[] sizes = Arrays.copyOfRange(input.dims(), 2, input.rank());
        StageTable t = new StageTable().input(input.dims());
        Module encoderModule = child("encoder");
        for (int l = 0; l < filters.length; l++) {
            t.row("encoder.level" + l, encoderModule.namedChildren().get("level" + l),
                    StageTable.shape(n, filters[l], scaled(sizes, l)));
        }
        decoderRows(t, "scoreDecoder", n, sizes);
        t.row("scoreHead", scoreHead, StageTable.shape(n, classes, sizes));
        String title = "SoftCutUNet(filters " + Arrays.toString(filters) + ", " + space.dims() + "-D"
                + (classes == 1 ? "" : ", " + classes + " classes");
        if (cut == null) {
            return t.format(title + ", no cut)", parameterCount());
        }
        String cutName = cut.getClass().getSimpleName();
        for (int axis = 0; axis < space.dims(); axis++) {
            decoderRows(t, "edgeDecoder", n, sizes);
            int[] weights = StageTable.shape(n, 1, sizes);
            weights[2 + axis] -= 1;
            t.row("edgeHead", "edges along " + space.axisNames()[axis] + " (" + edgeHead.label() + ")", edgeHead,
                    weights);
        }
        return t.row("cut", cutName, Arrays.toString(StageTable.shape(n, classes, sizes)), "0")
                .format(title + ", " + cutName + ")", parameterCount());
    }

    private void decoderRows(StageTable t, String name, int n, int[] sizes) {
        Module decoder = child(name);
        for (int l = filters.length - 2; l >= 0; l--) {
            int[] shape = StageTable.shape(n, filters[l], scaled(sizes, l));
            t.row(name + ".reduce" + l, decoder.namedChildren().get("reduce" + l), shape);
            t.row(name + ".block" + l, decoder.namedChildren().get("block" + l), shape);
        }
    }

    private Module child(String name) {
        return namedChildren().get(name);
    }

    /** The spatial sizes at level l, each halved l times. */
    private static int[] scaled(int[] sizes, int level) {
        return Arrays.stream(sizes).map(s -> s >> level).toArray();
    }

    @Override
    public String toString() {
        return "SoftCutUNet(filters " + Arrays.toString(filters) + (space.dims() == 2 ? "" : ", 3-D")
                + (classes == 1 ? "" : ", " + classes + " classes") + ", " + (cut == null ? "no cut" : cut) + ")";
    }

    /** Options of a {@link SoftCutUNet}. */
    public static final class Builder extends SoftCutNetworkBuilder<Builder> {
        private int spatialDims = 2;
        private int[] filters = {8, 16};
        private int classes = 1;

        private Builder() {
            super(1, EdgeWeightActivation.SOFTPLUS);
        }

        /**
         * Spatial axes of the inputs: 2 (images {@code N x C x H x W}, the default) or 3 (volumes
         * {@code N x C x D x H x W}, three edge directions).
         */
        public Builder spatialDims(int d) {
            if (d != 2 && d != 3) {
                throw new IllegalArgumentException("SoftCutUNet takes spatialDims 2 (images [N, C, H, W]) or 3 "
                        + "(volumes [N, C, D, H, W]), got " + d + (d == 1 ? "; for signals use SoftCut on the "
                        + "scores directly" : ""));
            }
            this.spatialDims = d;
            return this;
        }

        /** Filters per level, finest first; the number of levels is their count. Default 8, 16. */
        public Builder filters(int... perLevel) {
            if (perLevel.length == 0) {
                throw new IllegalArgumentException("a U-Net needs at least one level of filters");
            }
            for (int f : perLevel) {
                positive("filters", f);
            }
            this.filters = perLevel.clone();
            return this;
        }

        /**
         * Output classes: 1 (the default) for binary segmentation (one score map, one cut), or {@code K >= 2}, the
         * background class included, for the thesis's multiclass network ({@code K} score maps, shared edge
         * weights, the cut per class; softmax the output).
         */
        public Builder classes(int k) {
            this.classes = positive("classes", k);
            return this;
        }

        /**
         * The network.
         *
         * @throws IllegalArgumentException for a 3-D network with the {@link SubmodularTotalVariation} cut, which
         *                                  solves 1-D and 2-D grids only
         */
        public SoftCutUNet build() {
            if (spatialDims == 3 && cut instanceof SubmodularTotalVariation) {
                throw new IllegalArgumentException("SubmodularTotalVariation solves 1-D and 2-D grids only; a 3-D "
                        + "SoftCutUNet (spatialDims(3)) needs SoftCut.create() or another cut that runs on 3-D "
                        + "grids");
            }
            return new SoftCutUNet(this);
        }
    }
}
