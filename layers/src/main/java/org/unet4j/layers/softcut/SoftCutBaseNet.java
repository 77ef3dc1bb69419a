package org.unet4j.layers.softcut;

import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ReLU;

/**
 * The small CNN of Figure 13 in Bonfiglio's SoftCut thesis (2022, after Djolonga and Krause 2017), with no pooling:
 * <ul>
 *   <li>scores: three {@code 3 x 3} convolutions (ReLU between, same padding) to one channel; alone, these are the
 *       base network whose output is the segmentation logits (Figure 13a);</li>
 *   <li>edge weights: four convolutions, three {@code 3 x 3} feature convolutions and a last edge layer with a
 *       {@code 2 x 1} kernel for the edges along axis 0 and a {@code 1 x 2} kernel for those along axis 1
 *       ({@link EdgeHead}), then {@code exp} or {@code softplus} (Figure 13b).</li>
 * </ul>
 * {@link #forward} returns SoftCut's relaxed output (logits, {@code N x 1 x H x W}), or the scores when built
 * without a cut; {@link #cutInputs} gives scores and weights for the max-flow cut at inference.
 *
 * <pre>{@code
 * var net = SoftCutBaseNet.builder().inChannels(3).hidden(16).cut(SoftCut.create()).seed(1).build();
 * Tensor logits = net.forward(images);                  // N x 1 x H x W
 * Tensor mask = net.cutInputs(images).hard();           // inference with max-flow
 * }</pre>
 */
public final class SoftCutBaseNet extends Module {
    private final Sequential scores;
    private final Sequential edgeFeatures;
    private final EdgeHead vertical;
    private final EdgeHead horizontal;
    private final RelaxedCut cut;

    private SoftCutBaseNet(Builder b) {
        SplittableRandom rng = new SplittableRandom(b.seed);
        this.scores = registerChild("scores", Sequential.of(conv(b.inChannels, b.hidden, rng), new ReLU(),
                conv(b.hidden, b.hidden, rng), new ReLU(), conv(b.hidden, 1, rng)));
        this.cut = b.cut;
        if (cut == null) {
            this.edgeFeatures = null;
            this.vertical = null;
            this.horizontal = null;
        } else {
            this.edgeFeatures = registerChild("edgeFeatures", Sequential.of(conv(b.inChannels, b.hidden, rng),
                    new ReLU(), conv(b.hidden, b.hidden, rng), new ReLU(), conv(b.hidden, b.hidden, rng), new ReLU()));
            this.vertical = registerChild("vertical", new EdgeHead(b.hidden, b.activation, rng));
            this.horizontal = registerChild("horizontal", new EdgeHead(b.hidden, b.activation, rng));
        }
    }

    private static Conv2d conv(int in, int out, SplittableRandom rng) {
        return Conv2d.builder(in, out, 3).padding(Padding.SAME).build(rng);
    }

    /** A builder: 1 input channel, 16 hidden channels, exp weights, no cut (the base network), seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cut layer, or null for the base network alone. */
    public RelaxedCut cut() {
        return cut;
    }

    /**
     * Scores and edge weights for an {@code N x C x H x W} batch.
     *
     * @throws IllegalStateException for the base network, which has no edge branch
     */
    public CutInputs cutInputs(Tensor input) {
        if (edgeFeatures == null) {
            throw new IllegalStateException("the base network (built without a cut) predicts no edge weights");
        }
        Tensor features = edgeFeatures.forward(input);
        return new CutInputs(scores.forward(input),
                List.of(vertical.transposed(features.transpose(2, 3)), horizontal.forward(features)));
    }

    @Override
    public Tensor forward(Tensor input) {
        return cut == null ? scores.forward(input) : cutInputs(input).relaxed(cut);
    }

    /** Options of a {@link SoftCutBaseNet}. */
    public static final class Builder extends SoftCutNetworkBuilder<Builder> {
        private int hidden = 16;

        private Builder() {
            super(1, EdgeWeightActivation.EXP);
        }

        /** Channels of the hidden convolutions, default 16. */
        public Builder hidden(int c) {
            this.hidden = positive("hidden", c);
            return this;
        }

        /** The network. */
        public SoftCutBaseNet build() {
            return new SoftCutBaseNet(this);
        }
    }
}
