package org.unet4j.layers.softcut;

/**
 * The options every SoftCut network's builder shares ({@link SoftCutBaseNet}, {@link SoftCutUNet},
 * {@link SoftCutResNetUNet}): input channels, the edge-weight activation, the cut, and the seed of the
 * initialisation (default 0). Each network's {@code builder()} names its defaults.
 *
 * @param <B> the network's builder, which every option returns
 */
public abstract class SoftCutNetworkBuilder<B extends SoftCutNetworkBuilder<B>> {
    int inChannels;
    EdgeWeightActivation activation;
    RelaxedCut cut;
    long seed;

    SoftCutNetworkBuilder(int inChannels, EdgeWeightActivation activation) {
        this.inChannels = inChannels;
        this.activation = activation;
    }

    /** Input channels. */
    public B inChannels(int c) {
        this.inChannels = positive("inChannels", c);
        return self();
    }

    /** The weight activation: {@link EdgeWeightActivation#EXP} (Figure 13) or {@code SOFTPLUS} (Figure 14). */
    public B activation(EdgeWeightActivation a) {
        if (a == null) {
            throw new IllegalArgumentException("activation must be EXP or SOFTPLUS");
        }
        this.activation = a;
        return self();
    }

    /**
     * The cut after the score and edge-weight branches ({@link SoftCut} or the {@link SubmodularTotalVariation}
     * baseline); null (the default) builds the base network, scores only.
     */
    public B cut(RelaxedCut layer) {
        this.cut = layer;
        return self();
    }

    /** Seed of the initialisation (default 0). */
    public B seed(long s) {
        this.seed = s;
        return self();
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** {@code value}, when it is at least 1; otherwise an error naming the option. */
    static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }
}
