package org.unet4j.layers.splitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Padding;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Identity;
import org.unet4j.layers.nn.Sigmoid;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.StageTable;

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
 * With {@link Builder#spatialDims(int) spatialDims(3)} the same scheme runs on volumes {@code [N, C, D, H, W]}:
 * 3x3x3 controls, 2x2x2 restriction, a 3-D Gaussian in the STD step.
 *
 * <pre>{@code
 * var net = HybridSplittingNet.builder().inChannels(1).levels(3).channels(4, 8, 8).blocks(2).tau(0.5).build();
 * Tensor loss = Losses.bceWithLogits(net.forward(images), masks);
 * var volumes = HybridSplittingNet.builder().spatialDims(3).channels(2, 4).blocks(1).build();
 * System.out.println(volumes.summary(Shape.of(1, 1, 8, 16, 16)));
 * }</pre>
 */
public final class HybridSplittingNet extends Module {
    private final PottsControlProblem problem;
    private final int[] channels;
    private final int blocks;
    private final SpatialLayers space;
    private final Sequential initial;
    private final List<VCycleBlock> steps = new ArrayList<>();
    private final Module proposal;
    private final SoftThresholdDynamicsStep threshold;

    private HybridSplittingNet(Builder b) {
        SplittableRandom rng = new SplittableRandom(b.seed);
        this.problem = new PottsControlProblem(b.tau, b.eps, b.lambda, b.sigma, b.channels.length, b.spatialDims);
        this.channels = b.channels.clone();
        this.blocks = b.blocks;
        this.space = SpatialLayers.of(b.spatialDims);
        Sequential start = new Sequential();
        start.add(space.convolution(b.inChannels, channels[0], 3).padding(Padding.SAME).build(rng));
        start.add(b.batchNorm ? space.norm(Norm.BATCH, channels[0]) : new Identity());
        start.add(new Sigmoid());
        this.initial = registerChild("initial", start);
        for (int n = 0; n < b.blocks; n++) {
            steps.add(registerChild("step" + n, new VCycleBlock(b.spatialDims, channels, b.inChannels,
                    b.layersPerLevel, b.tau, b.eps, b.activation, b.batchNorm, rng)));
        }
        this.proposal = registerChild("proposal", space.convolution(channels[0], 1, 1).build(rng));
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

    /** The number of spatial axes of the images, 2 or 3 (volumes). */
    public int spatialDims() {
        return space.dims();
    }

    /** The 1x1 (1x1x1 on volumes) convolution giving the proposal x of the final STD step from the state u_N. */
    public Module proposal() {
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

    private void requireSize(Shape image) {
        int multiple = 1 << (channels.length - 1);
        boolean valid = image.rank() == 2 + space.dims();
        for (int a = 2; valid && a < image.rank(); a++) {
            valid = image.dim(a) % multiple == 0;
        }
        if (!valid) {
            throw new IllegalArgumentException("HybridSplittingNet with " + channels.length + " levels needs an"
                    + " " + space.layout() + " input with " + (space.dims() == 2 ? "H and W" : "D, H and W")
                    + " multiples of " + multiple + ", got " + image);
        }
    }

    /**
     * The logits of the final soft-threshold-dynamics step for images {@code f [N, inChannels, H, W]} (volumes
     * {@code [N, inChannels, D, H, W]} in 3-D).
     */
    @Override
    public Tensor forward(Tensor image) {
        requireSize(image.shape());
        Tensor u = initial.forward(image);
        for (VCycleBlock step : steps) {
            u = step.forward(Tensor.concat(1, u, image));
        }
        return threshold.logits(u.mean(new int[] {1}, true), proposal.forward(u));
    }

    /**
     * The stages with their output shapes for images of shape {@code input} (from the size rules, no forward pass):
     * the initial condition, each time step's V-cycle level by level, the proposal and the STD step; and the
     * parameter count.
     */
    public String summary(Shape input) {
        requireSize(input);
        int n = input.dim(0);
        int[] sizes = Arrays.copyOfRange(input.dims(), 2, input.rank());
        StageTable t = new StageTable().input(input.dims()).row("initial", initial, StageTable.shape(n, channels[0],
                sizes));
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).summarise(t, "step" + i + ".", n, sizes);
        }
        int[] scalar = StageTable.shape(n, 1, sizes);
        return t.row("proposal", proposal, scalar)
                .row("threshold", "soft threshold dynamics, G " + threshold.gaussian().shape(), threshold, scalar)
                .format(label(), parameterCount());
    }

    @Override
    protected String describe() {
        return "PottsMGNet: " + blocks + " time steps of multigrid hybrid splitting, channels "
                + Arrays.toString(channels) + ", " + problem;
    }

    /** Options of a {@link HybridSplittingNet}; every setter validates its argument. */
    public static final class Builder {
        private int spatialDims = 2;
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

        /** Spatial axes of the images: 2 ({@code [N, C, H, W]}, the default) or 3 (volumes {@code [N, C, D, H, W]}). */
        public Builder spatialDims(int d) {
            if (d != 2 && d != 3) {
                throw new IllegalArgumentException("HybridSplittingNet takes spatialDims 2 (images [N, C, H, W]) or 3 "
                        + "(volumes [N, C, D, H, W]), got " + d);
            }
            this.spatialDims = d;
            return this;
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
