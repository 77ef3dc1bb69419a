package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.BatchNorm2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.Sigmoid;

/**
 * PottsMGNet: the network obtained by solving the {@link PottsControlProblem} with N steps of the multigrid hybrid
 * splitting (Tai, Liu, Chan 2024; Tai, Liu, Chan, Li, "A Mathematical Explanation of UNet", 2024).
 * <pre>
 *   u_0     = sigmoid(BN(conv(f)))                              initial condition u(0) = u_0(f)
 *   u_{n+1} = VCycle_n([u_n, f]),   n = 0, ..., N-1            one time step tau = one V-cycle ({@link VCycleBlock})
 *   x       = conv1x1(u_N),  u = mean_c(u_N)                    proposal and state for the last sub-step
 *   logits  = -[(u - x)/tau + lambda G*(1 - 2u)] / eps          {@link SoftThresholdDynamicsStep}
 * </pre>
 * {@link #forward} returns the logits, so it trains with {@code Losses.bceWithLogits}; the segmentation is
 * {@code 1[logits > 0] = 1[sigmoid(logits) > 1/2]}. Image sizes must be multiples of {@code 2^(levels - 1)}.
 *
 * <pre>{@code
 * var net = HybridSplittingNet.builder().inChannels(1).levels(3).channels(4, 8, 8).blocks(2).tau(0.5).build();
 * Tensor loss = Losses.bceWithLogits(net.forward(images), masks);
 * }</pre>
 */
public final class HybridSplittingNet extends Module {
    private final PottsControlProblem problem;
    private final int[] channels;
    private final int blocks;
    private final Sequential initial;
    private final List<VCycleBlock> steps = new ArrayList<>();
    private final Conv2d proposal;
    private final SoftThresholdDynamicsStep threshold;

    private HybridSplittingNet(Builder b) {
        SplittableRandom rng = new SplittableRandom(b.seed);
        this.problem = new PottsControlProblem(b.tau, b.eps, b.lambda, b.sigma, b.channels.length);
        this.channels = b.channels.clone();
        this.blocks = b.blocks;
        Sequential start = new Sequential();
        start.add(Conv2d.builder(b.inChannels, channels[0], 3).padding(Padding.SAME).build(rng));
        start.add(b.batchNorm ? new BatchNorm2d(channels[0]) : new Identity());
        start.add(new Sigmoid());
        this.initial = registerChild("initial", start);
        for (int n = 0; n < b.blocks; n++) {
            steps.add(registerChild("step" + n, new VCycleBlock(channels, b.inChannels, b.layersPerLevel, b.tau, b.eps,
                    b.activation, b.batchNorm, rng)));
        }
        this.proposal = registerChild("proposal", new Conv2d(channels[0], 1, 1, rng));
        this.threshold = registerChild("threshold", new SoftThresholdDynamicsStep(problem));
    }

    /** A builder with small defaults: 1 image channel, 3 levels, channels 4, 8, 16, 2 layers per level, N = 2. */
    public static Builder builder() {
        return new Builder();
    }

    /** The control problem (tau, eps, lambda, sigma, levels) this network discretises. */
    public PottsControlProblem problem() {
        return problem;
    }

    /** The N time steps (V-cycles), in order. */
    public List<VCycleBlock> steps() {
        return List.copyOf(steps);
    }

    /** Channels per level, finest first. */
    public int[] channels() {
        return channels.clone();
    }

    /** The 1x1 convolution giving the proposal x of the final STD step from the state u_N. */
    public Conv2d proposal() {
        return proposal;
    }

    /** The final soft-threshold-dynamics step. */
    SoftThresholdDynamicsStep threshold() {
        return threshold;
    }

    /** The initial condition {@code u_0 = sigmoid(BN(conv(f)))}. */
    public Sequential initial() {
        return initial;
    }

    /** The logits of the final soft-threshold-dynamics step for images {@code f [N, inChannels, H, W]}. */
    @Override
    public Tensor forward(Tensor image) {
        int multiple = 1 << (channels.length - 1);
        if (image.rank() != 4 || image.dim(2) % multiple != 0 || image.dim(3) % multiple != 0) {
            throw new IllegalArgumentException("HybridSplittingNet with " + channels.length + " levels needs an"
                    + " [N, C, H, W] input with H and W multiples of " + multiple + ", got " + image.shape());
        }
        Tensor u = initial.forward(image);
        for (VCycleBlock step : steps) {
            u = step.forward(Tensor.concat(1, u, image));
        }
        return threshold.logits(u.mean(new int[] {1}, true), proposal.forward(u));
    }

    @Override
    protected String describe() {
        return "PottsMGNet: " + blocks + " time steps of multigrid hybrid splitting, channels "
                + Arrays.toString(channels) + ", " + problem;
    }

    /** Options of a {@link HybridSplittingNet}; every setter validates its argument. */
    public static final class Builder {
        private int inChannels = 1;
        private int[] channels = {4, 8, 16};
        private int layersPerLevel = 2;
        private int blocks = 2;
        private double tau = 0.5;
        private double eps = 1;
        private double lambda = 1;
        private double sigma = 1;
        private SplittingActivation activation = SplittingActivation.SIGMOID;
        private boolean batchNorm = true;
        private long seed = 0;

        private Builder() {
        }

        /** Image channels. */
        public Builder inChannels(int c) {
            this.inChannels = atLeastOne("inChannels", c);
            return this;
        }

        /** Channels per level, finest first; their count is the number of levels. */
        public Builder channels(int... perLevel) {
            if (perLevel.length == 0) {
                throw new IllegalArgumentException("channels: give at least one level");
            }
            for (int c : perLevel) {
                atLeastOne("channels per level", c);
            }
            this.channels = perLevel.clone();
            return this;
        }

        /** Number of levels, with channels {@code c0 * 2^l} from the current finest count c0. */
        public Builder levels(int levels) {
            atLeastOne("levels", levels);
            int[] c = new int[levels];
            for (int l = 0; l < levels; l++) {
                c[l] = channels[0] << l;
            }
            this.channels = c;
            return this;
        }

        /** Splitting layers per level on each side of the V-cycle. */
        public Builder layersPerLevel(int n) {
            this.layersPerLevel = atLeastOne("layersPerLevel", n);
            return this;
        }

        /** Number N of time steps (V-cycle blocks). */
        public Builder blocks(int n) {
            this.blocks = atLeastOne("blocks", n);
            return this;
        }

        /** Time step tau > 0. */
        public Builder tau(double t) {
            this.tau = PottsControlProblem.requirePositive("tau", t);
            return this;
        }

        /** Entropy weight eps > 0. */
        public Builder eps(double e) {
            this.eps = PottsControlProblem.requirePositive("eps", e);
            return this;
        }

        /** Potts weight lambda >= 0 of the final STD step. */
        public Builder lambda(double l) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("lambda must be finite and >= 0, got " + l);
            }
            this.lambda = l;
            return this;
        }

        /** Width (pixels) of the Gaussian G of the STD step. */
        public Builder sigma(double s) {
            this.sigma = PottsControlProblem.requirePositive("sigma", s);
            return this;
        }

        /** The sub-step after each explicit step: SIGMOID (default), RELU or IDENTITY. */
        public Builder activation(SplittingActivation a) {
            this.activation = Objects.requireNonNull(a, "activation");
            return this;
        }

        /** Whether each layer has batch norm (default true). */
        public Builder batchNorm(boolean on) {
            this.batchNorm = on;
            return this;
        }

        /** Seed of the weight initialisation. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public HybridSplittingNet build() {
            return new HybridSplittingNet(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + value);
            }
            return value;
        }
    }
}
