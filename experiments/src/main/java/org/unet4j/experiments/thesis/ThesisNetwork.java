package org.unet4j.experiments.thesis;

import java.util.List;
import java.util.function.Function;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.resnet.ResNet;
import org.unet4j.layers.softcut.CutInputs;
import org.unet4j.layers.softcut.RelaxedCut;
import org.unet4j.layers.softcut.SoftCutBaseNet;
import org.unet4j.layers.softcut.SoftCutResNetUNet;
import org.unet4j.layers.softcut.SoftCutUNet;

/**
 * The networks the {@code thesis} experiment can put under its cut layers ({@code --network}). The thesis used the
 * small CNN of its Figure 13 for Experiment 1 and segmentation_models_pytorch U-Nets with ResNet-18 / ResNet-34
 * encoders and a second decoder for the edge weights (Figure 14) for Experiments 2-11: {@link SoftCutResNetUNet},
 * here {@link #RESNET18} and {@link #RESNET34}. At the thesis's widths ({@link Size#thesisWidths}: encoder 64, 128,
 * 256, 512, smp's decoder 256, 128, 64, 32, 16; 17.5M / 27.6M parameters) a 256 x 256 epoch takes hours on two
 * cores, so the quick runs keep the encoder's depth and scale its widths to {@code w, 2w, 4w, 8w} and the decoders'
 * to {@code 4w, 2w, w, w/2, w/4} (at least 1) with {@code w = --width}. The ResNet networks need image (and, for
 * Experiment 11, window) sides that are multiples of 32 ({@link #sideMultiple}). {@link #UNET} is the two-decoder
 * network with a two-level plain encoder ({@link SoftCutUNet}), a lighter alternative.
 */
public enum ThesisNetwork {
    /**
     * The thesis's own choice per experiment: {@link #BASIC_CNN} for Experiment 1, otherwise the experiment's ResNet
     * encoder ({@link ThesisSetup#encoder()}).
     */
    AUTO("auto"),
    /** The CNN of Figure 13 ({@link SoftCutBaseNet}): three convolutions for the scores, four for the weights. */
    BASIC_CNN("basic-cnn"),
    /** The two-decoder U-Net of Figure 14 ({@link SoftCutUNet}) with a two-level plain encoder. */
    UNET("unet"),
    /** The two-decoder U-Net of Figure 14 with a ResNet-18 encoder ({@link SoftCutResNetUNet}). */
    RESNET18("resnet18"),
    /** The two-decoder U-Net of Figure 14 with a ResNet-34 encoder ({@link SoftCutResNetUNet}). */
    RESNET34("resnet34");

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

    /** This network for {@code setup}: {@link #AUTO} resolved to the thesis's network of that experiment. */
    public ThesisNetwork forExperiment(ThesisSetup setup) {
        return this != AUTO ? this : setup.number() == 1 ? BASIC_CNN : of(setup.encoder());
    }

    /**
     * The number the sides of the images this network reads must be a multiple of: 32 for the ResNet encoders (five
     * halvings), 2 for the U-Net (one pooling), 1 for the basic CNN.
     */
    public int sideMultiple() {
        return switch (this) {
            case RESNET18, RESNET34 -> 32;
            case UNET -> 2;
            case AUTO, BASIC_CNN -> 1;
        };
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
     * @param width      hidden channels of the CNN, filters of the U-Net's finer level (doubled below), the ResNet's
     *                   first stage width {@code w} (unless {@code thesisWidths})
     * @param seed       the initialisation's seed
     * @param thesisWidths whether a ResNet network takes the thesis's widths instead of those scaled from
     *                   {@code width}
     */
    public record Size(int inChannels, int classes, int width, long seed, boolean thesisWidths) {
        /** The size with the ResNet widths scaled from {@code width}. */
        public Size(int inChannels, int classes, int width, long seed) {
            this(inChannels, classes, width, seed, false);
        }
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
            case RESNET18, RESNET34 -> {
                SoftCutResNetUNet.Builder b = SoftCutResNetUNet.builder().encoder(resnet(size))
                        .inChannels(size.inChannels()).classes(size.classes()).cut(cut).seed(size.seed());
                if (!size.thesisWidths()) {
                    int w = size.width();
                    b.decoderChannels(4 * w, 2 * w, w, Math.max(1, w / 2), Math.max(1, w / 4));
                }
                SoftCutResNetUNet net = b.build();
                yield new Built(net, net::cutInputs);
            }
        };
    }

    private ResNet resnet(Size size) {
        ResNet r = this == RESNET18 ? ResNet.RESNET18 : ResNet.RESNET34;
        int w = size.width();
        return size.thesisWidths() ? r : r.withWidths(w, 2 * w, 4 * w, 8 * w);
    }
}
