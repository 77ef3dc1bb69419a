package org.unet4j.experiments.thesis;

import java.util.List;
import java.util.function.Function;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.softcut.CutInputs;
import org.unet4j.layers.softcut.RelaxedCut;
import org.unet4j.layers.softcut.SoftCutBaseNet;
import org.unet4j.layers.softcut.SoftCutUNet;

/**
 * The networks the {@code thesis} experiment can put under its cut layers ({@code --network}). The thesis used the
 * small CNN of its Figure 13 for Experiment 1 and segmentation_models_pytorch U-Nets with ResNet-18 / ResNet-34
 * encoders and a second decoder for the edge weights (Figure 14) for Experiments 2-11; unet4j's
 * {@link SoftCutUNet} is that two-decoder network with a small plain encoder, which stands in for the ResNet encoders
 * here (a ResNet-encoder SoftCut U-Net is one more constant of this enum, built in {@link #build}).
 */
public enum ThesisNetwork {
    /** The thesis's own choice per experiment: {@link #BASIC_CNN} for Experiment 1, {@link #UNET} otherwise. */
    AUTO("auto"),
    /** The CNN of Figure 13 ({@link SoftCutBaseNet}): three convolutions for the scores, four for the weights. */
    BASIC_CNN("basic-cnn"),
    /** The two-decoder U-Net of Figure 14 ({@link SoftCutUNet}) with a two-level plain encoder. */
    UNET("unet");

    private final String id;

    ThesisNetwork(String id) {
        this.id = id;
    }

    /** The {@code --network} value. */
    public String id() {
        return id;
    }

    /** Every {@code --network} value. */
    public static List<String> choices() {
        return java.util.Arrays.stream(values()).map(ThesisNetwork::id).toList();
    }

    /** The network named {@code id}. */
    public static ThesisNetwork of(String id) {
        for (ThesisNetwork n : values()) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no network '" + id + "'; the networks are " + choices());
    }

    /** This network for experiment {@code experiment}: {@link #AUTO} resolved. */
    public ThesisNetwork forExperiment(int experiment) {
        return this != AUTO ? this : experiment == 1 ? BASIC_CNN : UNET;
    }

    /**
     * A network and the function that gives its cut's inputs (scores and edge weights) for the max-flow cut.
     *
     * @param module    the network
     * @param cutInputs its scores and weights for a batch of images
     */
    public record Built(Module module, Function<Tensor, CutInputs> cutInputs) {
    }

    /**
     * Sizes of a network.
     *
     * @param inChannels input channels (the image's, plus the object channel of Experiments 5-6)
     * @param classes    1 (binary) or the classes with the background (multiclass)
     * @param width      hidden channels of the CNN, filters of the U-Net's finer level (doubled below)
     * @param seed       the initialisation's seed
     */
    public record Size(int inChannels, int classes, int width, long seed) {
    }

    /** This network with {@code cut} (null: none) at {@code size}. */
    public Built build(RelaxedCut cut, Size size) {
        return switch (this) {
            case AUTO -> throw new IllegalStateException("resolve auto with forExperiment first");
            case BASIC_CNN -> {
                if (size.classes() != 1) {
                    throw new IllegalArgumentException("the basic CNN of Figure 13 segments one class; use --network "
                            + "unet for the multiclass Experiment 10");
                }
                SoftCutBaseNet net = SoftCutBaseNet.builder().inChannels(size.inChannels()).hidden(size.width())
                        .cut(cut).seed(size.seed()).build();
                yield new Built(net, net::cutInputs);
            }
            case UNET -> {
                SoftCutUNet net = SoftCutUNet.builder().inChannels(size.inChannels())
                        .filters(size.width(), 2 * size.width()).classes(size.classes()).cut(cut).seed(size.seed())
                        .build();
                yield new Built(net, net::cutInputs);
            }
        };
    }
}
