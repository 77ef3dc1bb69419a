package org.unet4j.layers.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Upsampling;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.Conv3d;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.nn.ConvTranspose3d;
import org.unet4j.layers.nn.LeakyReLU;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;

/**
 * DynU-Net: MONAI's {@code DynUNet} (nnU-Net's self-configuring U-Net) as Ranzini et al., <i>MONAIfbs</i> (2021),
 * configure it for 2-D slices. Per level i: a block of two convolutions of kernel k_i (no bias), each followed by
 * an affine instance norm and a leaky ReLU (0.01), the first of stride s_i (the down-sampling is the block's own
 * strided convolution, s_0 = 1); up-sampling a transposed convolution with kernel = stride = s_{i+1} (no bias); the
 * decoder block [up, skip] (up first) to f_i channels, kernel k_{i+1} (MONAI's up block takes the coarser level's
 * kernel), stride 1; a 1x1 head, and a 1x1 deep-supervision head on every decoder level but the finest and the
 * coarsest. On the one topology the strided block is level i's encoder and the down-sampling stage is empty.
 * Optionally the encoder blocks are {@link ResidualConvBlock}s. Kernels and strides are per axis, so anisotropic
 * volumes (thick slices) get kernel 1 and stride 1 along their coarse axis, as {@link #heuristicKernels} and
 * {@link #heuristicStrides} (nnU-Net's rule) give them.
 *
 * <p>The published configuration is MONAIfbs's (its inference script, which pins MONAI 0.3.0): one input channel,
 * two output channels, kernels 3 x 3 and strides from nnU-Net's rule for 448 x 512 patches at 0.8 x 0.8 mm
 * (strides 1, 2 x6, then 1 x 2), widths min(2^(5+i), 512), no residual blocks, deep supervision of two side outputs
 * out of six heads: 45,789,166 parameters. {@link Builder#spatialDims} 1 or 3 builds MONAI's {@code DynUNet} for
 * {@code spatial_dims} 1 or 3 (inputs [N, C, W] or [N, C, D, H, W]); there MONAI has no default kernels and
 * strides, so they must be given; widths default to min(2^(5+i), 320) in 3-D (MONAI's rule), min(2^(5+i), 512)
 * otherwise.
 */
public final class DynUNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final SpatialLayers space;
    private final int[][] kernels;
    private final int[][] strides;
    private final int[] filters;
    private final int deepSupervision;
    private final UNetModules modules;

    private DynUNet(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.space = SpatialLayers.of(b.spatialDims);
        int d = space.dims();
        if (b.strides == null) {
            throw new IllegalArgumentException("a " + d + "-D DynU-Net needs its strides (MONAI has no default "
                    + "outside MONAIfbs's 2-D configuration): give strides(...) or heuristic(patchSize, spacing)");
        }
        this.strides = perAxis("strides", b.strides, d);
        this.kernels = b.kernels == null ? uniform(strides.length, d, 3) : perAxis("kernels", b.kernels, d);
        if (kernels.length != strides.length) {
            throw new IllegalArgumentException("DynU-Net needs one kernel per stride, got " + kernels.length
                    + " kernels for " + strides.length + " strides");
        }
        this.filters = b.filters != null ? b.filters.clone() : defaultFilters(strides.length, d);
        if (filters.length != strides.length) {
            throw new IllegalArgumentException("DynU-Net needs one width per stride, got " + filters.length
                    + " widths for " + strides.length + " strides");
        }
        this.deepSupervision = b.deepSupervision;
        int last = strides.length - 1;
        if (deepSupervision < 0 || deepSupervision > last - 1) {
            throw new IllegalArgumentException("deepSupervision must be in 0.." + (last - 1) + " (the side heads of "
                    + "levels 1.." + (last - 1) + "), got " + deepSupervision);
        }
        SplittableRandom rng = new SplittableRandom(b.seed);
        boolean residual = b.residual;
        int[] ones = uniform(1, d, 1)[0];
        UNetTopology.Builder t = UNetTopology.builder(space);
        for (int i = 0; i < last; i++) {
            int in = i == 0 ? inChannels : filters[i - 1];
            int f = filters[i];
            int coarse = filters[i + 1];
            int[] k = kernels[i];
            int[] s = strides[i];
            int[] up = strides[i + 1];
            int[] decoderKernel = kernels[i + 1];
            UNetTopology.Level level = UNetTopology.level()
                    .encoder(Part.of("encoder" + i, () -> residual ? new ResidualConvBlock(space, in, f, k, s, rng)
                            : basicBlock(space, in, f, k, s, rng)))
                    .up(Part.of("up" + i, () -> transposed(d, coarse, f, up, rng)))
                    .join(SkipJoin.concatUpFirst())
                    .decoder(Part.of("decoder" + i, () -> basicBlock(space, 2 * f, f, decoderKernel, ones, rng)));
            if (i > 0) {
                level.side(Part.of("side" + i, () -> space.convolution(f, outChannels, 1).build(rng)));
            }
            t.level(level);
        }
        t.bottleneck(Part.of("bottleneck", () -> residual
                ? new ResidualConvBlock(space, filters[last - 1], filters[last], kernels[last], strides[last], rng)
                : basicBlock(space, filters[last - 1], filters[last], kernels[last], strides[last], rng)));
        t.head(Part.of("head", () -> space.convolution(filters[0], outChannels, 1).build(rng)));
        this.modules = t.build().build(this::registerChild);
    }

    /** A builder with MONAIfbs's published configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * nnU-Net's rule for the strides as MONAI's DynU-Net examples apply it ({@code get_kernels_strides}), for any
     * number of axes: while some axis can be halved, halve every axis whose spacing is at most twice the finest and
     * whose size is at least 8; the first level has stride 1 everywhere.
     */
    public static int[][] heuristicStrides(int[] patchSize, double[] spacing) {
        return heuristic(patchSize, spacing)[1];
    }

    /**
     * The kernels of the same rule: at each level, 3 along every axis whose spacing (at that level) is at most twice
     * the finest, 1 along the others; the coarsest level 3 everywhere. One kernel per stride of
     * {@link #heuristicStrides}.
     */
    public static int[][] heuristicKernels(int[] patchSize, double[] spacing) {
        return heuristic(patchSize, spacing)[0];
    }

    private static int[][][] heuristic(int[] patchSize, double[] spacing) {
        if (patchSize.length != spacing.length || patchSize.length < 1 || patchSize.length > 3) {
            throw new IllegalArgumentException("patches need one size and one spacing per axis (1 to 3 axes), got "
                    + Arrays.toString(patchSize) + " and " + Arrays.toString(spacing));
        }
        int d = patchSize.length;
        double[] size = Arrays.stream(patchSize).asDoubleStream().toArray();
        double[] sp = spacing.clone();
        if (Arrays.stream(sp).anyMatch(v -> !(v > 0)) || Arrays.stream(patchSize).anyMatch(v -> v < 1)) {
            throw new IllegalArgumentException("sizes and spacings must be positive, got "
                    + Arrays.toString(patchSize) + " and " + Arrays.toString(spacing));
        }
        List<int[]> kernels = new ArrayList<>();
        List<int[]> strides = new ArrayList<>();
        strides.add(uniform(1, d, 1)[0]);
        while (true) {
            double min = Arrays.stream(sp).min().getAsDouble();
            int[] s = new int[d];
            int[] k = new int[d];
            for (int a = 0; a < d; a++) {
                s[a] = sp[a] / min <= 2 && size[a] >= 8 ? 2 : 1;
                k[a] = sp[a] / min <= 2 ? 3 : 1;
            }
            if (Arrays.stream(s).allMatch(v -> v == 1)) {
                break;
            }
            for (int a = 0; a < d; a++) {
                if (size[a] % s[a] != 0) {
                    throw new IllegalArgumentException("patch size " + Arrays.toString(patchSize) + " is not "
                            + "divisible by the strides nnU-Net's rule gives along axis " + a + "; pad it to a "
                            + "multiple of a power of 2");
                }
                size[a] /= s[a];
                sp[a] *= s[a];
            }
            kernels.add(k);
            strides.add(s);
        }
        kernels.add(uniform(1, d, 3)[0]);
        return new int[][][] {kernels.toArray(int[][]::new), strides.toArray(int[][]::new)};
    }

    private static int[][] uniform(int levels, int d, int v) {
        int[][] out = new int[levels][d];
        for (int[] row : out) {
            Arrays.fill(row, v);
        }
        return out;
    }

    /** Per-level values with one entry per axis: a single entry stands for every axis. */
    private static int[][] perAxis(String what, int[][] perLevel, int d) {
        int[][] out = new int[perLevel.length][];
        for (int i = 0; i < perLevel.length; i++) {
            int[] v = perLevel[i];
            if (v.length == 1) {
                out[i] = uniform(1, d, v[0])[0];
            } else if (v.length == d) {
                out[i] = v.clone();
            } else {
                throw new IllegalArgumentException("each of the " + what + " has one value or one per axis (" + d
                        + "), got " + Arrays.toString(v));
            }
        }
        return out;
    }

    private static int[] defaultFilters(int levels, int d) {
        int[] f = new int[levels];
        for (int i = 0; i < levels; i++) {
            f[i] = Math.min(1 << Math.min(5 + i, 30), d == 3 ? 320 : 512);
        }
        return f;
    }

    private static Sequential basicBlock(SpatialLayers space, int in, int out, int[] kernel, int[] stride,
            SplittableRandom rng) {
        int d = space.dims();
        int[] ones = uniform(1, d, 1)[0];
        return Sequential.of(conv(d, in, out, kernel, stride, rng), space.norm(Norm.INSTANCE, out),
                new LeakyReLU(0.01), conv(d, out, out, kernel, ones, rng), space.norm(Norm.INSTANCE, out),
                new LeakyReLU(0.01));
    }

    /**
     * MONAI's convolution of kernel k_a and stride s_a along axis a, padding (k_a - s_a + 1) / 2 rounded down, no
     * bias; in the internal layout of d axes (1-D as [N, C, 1, W]).
     */
    static Module conv(int d, int in, int out, int[] k, int[] s, SplittableRandom rng) {
        return switch (d) {
            case 1 -> Conv2d.builder(in, out, 1, k[0]).stride(1, s[0]).padding(0, pad(k[0], s[0])).bias(false)
                    .build(rng);
            case 2 -> Conv2d.builder(in, out, k[0], k[1]).stride(s[0], s[1]).padding(pad(k[0], s[0]), pad(k[1],
                    s[1])).bias(false).build(rng);
            default -> Conv3d.builder(in, out, k[0], k[1], k[2]).stride(s[0], s[1], s[2]).padding(pad(k[0], s[0]),
                    pad(k[1], s[1]), pad(k[2], s[2])).bias(false).build(rng);
        };
    }

    private static int pad(int k, int s) {
        return (k - s + 1) / 2;
    }

    /** A transposed convolution with kernel = stride = u_a along axis a, no bias. */
    private static Module transposed(int d, int in, int out, int[] u, SplittableRandom rng) {
        return switch (d) {
            case 1 -> ConvTranspose2d.builder(in, out, 1, u[0]).stride(1, u[0]).bias(false).build(rng);
            case 2 -> ConvTranspose2d.builder(in, out, u[0], u[1]).stride(u[0], u[1]).bias(false).build(rng);
            default -> ConvTranspose3d.builder(in, out, u[0], u[1], u[2]).stride(u[0], u[1], u[2]).bias(false)
                    .build(rng);
        };
    }

    /** The product of the strides along each axis, which every spatial size must be divisible by. */
    private int[] totalStride() {
        int[] p = uniform(1, space.dims(), 1)[0];
        for (int[] s : strides) {
            for (int a = 0; a < p.length; a++) {
                p[a] *= s[a];
            }
        }
        return p;
    }

    private void checkInput(Tensor input) {
        int[] p = totalStride();
        boolean ok = input.rank() == space.dims() + 2 && input.dim(1) == inChannels;
        for (int a = 0; ok && a < p.length; a++) {
            ok = input.dim(a + 2) % p[a] == 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("this DynU-Net takes " + space.layout().replace("C", "" + inChannels)
                    + " with the sizes along " + String.join(", ", space.axisNames()) + " divisible by "
                    + Arrays.toString(p) + " (the product of its strides), got " + input.shape());
        }
    }

    /** The head's output: [N, outChannels, spatial...]. */
    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        return modules.forward(input);
    }

    /**
     * The head's output followed by the first {@code deepSupervision} side outputs (levels 1, 2, ..., each at its
     * level's size), as MONAI's DynUNet computes them in training.
     */
    public List<Tensor> forwardWithDeepSupervision(Tensor input) {
        checkInput(input);
        List<Tensor> levels = modules.decodeLevels(modules.encode(space.toInternal(input)));
        List<Tensor> out = new ArrayList<>();
        out.add(space.fromInternal(modules.head(levels.get(0))));
        modules.sideOutputs(levels).subList(0, deepSupervision).forEach(t -> out.add(space.fromInternal(t)));
        return out;
    }

    /**
     * MONAI's training output with deep supervision: the head's output and the {@code deepSupervision} side outputs,
     * each up-sampled by nearest neighbour to the head's size, stacked along a new axis 1: [N, 1 + deepSupervision,
     * outChannels, spatial...]. {@link org.unet4j.autodiff.DeepSupervisionLoss} takes it apart again.
     */
    public Tensor stackedDeepSupervision(Tensor input) {
        List<Tensor> outputs = forwardWithDeepSupervision(input);
        Tensor head = outputs.get(0);
        List<Tensor> resized = new ArrayList<>();
        for (Tensor t : outputs) {
            resized.add(resizeNearest(t, head));
        }
        return Tensor.stack(resized, 1);
    }

    private static Tensor resizeNearest(Tensor t, Tensor like) {
        return switch (t.rank()) {
            case 3 -> Upsampling.nearestToSize(t.unsqueeze(2), 1, like.dim(2)).squeeze(2);
            case 4 -> Upsampling.nearestToSize(t, like.dim(2), like.dim(3));
            default -> Upsampling.nearest3dToSize(t, like.dim(2), like.dim(3), like.dim(4));
        };
    }

    /**
     * This network as a module whose forward, in training mode, is {@link #stackedDeepSupervision} (MONAI's DynUNet
     * with {@code deep_supervision=True}) and, in evaluation mode, the head's output: what a trainer that calls
     * {@code forward} needs to train with {@link org.unet4j.autodiff.DeepSupervisionLoss}. Same parameters.
     */
    public Module deeplySupervised() {
        if (deepSupervision == 0) {
            throw new IllegalStateException("this DynU-Net has deepSupervision(0): build it with deepSupervision(n),"
                    + " n >= 1, to train on side outputs");
        }
        return new DeeplySupervised(this);
    }

    /** See {@link DynUNet#deeplySupervised}. */
    private static final class DeeplySupervised extends Module {
        private final DynUNet net;

        DeeplySupervised(DynUNet net) {
            this.net = registerChild("net", net);
        }

        @Override
        public Tensor forward(Tensor input) {
            return isTraining() ? net.stackedDeepSupervision(input) : net.forward(input);
        }

        @Override
        protected String describe() {
            return "head and " + net.deepSupervision + " side outputs stacked in training";
        }
    }

    /** Parameters and FLOPs per inference of one input [1, C, spatial...] ({@code spatialDims} sizes). */
    public ModelCost cost(int... spatial) {
        return ModelCost.of(this, ModelCost.inputShape(inChannels, space.dims(), spatial));
    }

    /**
     * The module tree, the {@link #cost} of one input of {@code spatial} sizes and its {@link MeasuredCost measured}
     * inference and train-step times and peak heap (train step on that one input).
     */
    public String summary(int... spatial) {
        return this + "\n" + ModelCost.measure(this, 1, ModelCost.inputShape(inChannels, space.dims(), spatial));
    }

    @Override
    protected String describe() {
        return inChannels + " -> " + outChannels + ", filters " + Arrays.toString(filters) + ", kernels "
                + axes(kernels) + ", strides " + axes(strides) + ", deep supervision " + deepSupervision
                + (space.dims() == 2 ? "" : ", " + space.dims() + "-D");
    }

    private static String axes(int[][] perLevel) {
        StringBuilder s = new StringBuilder("[");
        for (int[] v : perLevel) {
            boolean same = Arrays.stream(v).allMatch(x -> x == v[0]);
            s.append(s.length() == 1 ? "" : ", ").append(same ? "" + v[0] : String.join("x",
                    Arrays.stream(v).mapToObj(Integer::toString).toList()));
        }
        return s.append(']').toString();
    }

    /** Options of a {@link DynUNet}; the defaults are MONAIfbs's published configuration. */
    public static final class Builder {
        private int inChannels = 1;
        private int outChannels = 2;
        private int spatialDims = 2;
        private int[][] strides = heuristicStrides(new int[] {448, 512}, new double[] {0.8, 0.8});
        private boolean stridesGiven;
        private int[][] kernels;
        private int[] filters;
        private boolean residual;
        private int deepSupervision = 2;
        private long seed = 0;

        private Builder() {
        }

        /** Input channels (default 1). */
        public Builder inChannels(int c) {
            this.inChannels = BuilderChecks.positive("inChannels", c);
            return this;
        }

        /** Output channels (default 2). */
        public Builder outChannels(int c) {
            this.outChannels = BuilderChecks.positive("outChannels", c);
            return this;
        }

        /**
         * Spatial axes: 1 (inputs [N, C, W]), 2 (default, [N, C, H, W]) or 3 ([N, C, D, H, W]). Outside 2-D, give
         * the strides (and kernels) too, e.g. by {@link #heuristic}.
         */
        public Builder spatialDims(int d) {
            this.spatialDims = SpatialLayers.of(d).dims();
            if (!stridesGiven) {
                this.strides = d == 2 ? heuristicStrides(new int[] {448, 512}, new double[] {0.8, 0.8}) : null;
            }
            return this;
        }

        /** The same stride along every axis per level, the first usually 1 (at least three levels). */
        public Builder strides(int... perLevel) {
            return strides(Arrays.stream(perLevel).mapToObj(s -> new int[] {s}).toArray(int[][]::new));
        }

        /**
         * Per-level strides, one per axis outermost first ({height, width}; {depth, height, width}) or one for every
         * axis (e.g. from {@link #heuristicStrides}); at least three levels.
         */
        public Builder strides(int[][] perLevel) {
            this.strides = levels("strides", perLevel);
            this.stridesGiven = true;
            return this;
        }

        /** The same odd kernel along every axis per level (default 3 everywhere). */
        public Builder kernels(int... perLevel) {
            return kernels(Arrays.stream(perLevel).mapToObj(k -> new int[] {k}).toArray(int[][]::new));
        }

        /** Per-level kernels, one per axis or one for every axis (e.g. from {@link #heuristicKernels}). */
        public Builder kernels(int[][] perLevel) {
            this.kernels = levels("kernels", perLevel);
            return this;
        }

        /** Kernels and strides from nnU-Net's rule for patches of {@code patchSize} at {@code spacing}. */
        public Builder heuristic(int[] patchSize, double[] spacing) {
            strides(heuristicStrides(patchSize, spacing));
            return kernels(heuristicKernels(patchSize, spacing));
        }

        private static int[][] levels(String what, int[][] perLevel) {
            if (perLevel == null || perLevel.length < 3) {
                throw new IllegalArgumentException("DynU-Net needs at least three levels of " + what + " (input "
                        + "block, one down-sampling, bottleneck), got " + (perLevel == null ? "none"
                        : perLevel.length));
            }
            for (int[] v : perLevel) {
                if (v.length < 1 || v.length > 3 || Arrays.stream(v).anyMatch(x -> x < 1)) {
                    throw new IllegalArgumentException("each of the " + what + " is one value >= 1 or one per axis, "
                            + "got " + Arrays.toString(v));
                }
            }
            return Arrays.stream(perLevel).map(int[]::clone).toArray(int[][]::new);
        }

        /** Widths per level (default min(2^(5+i), 512), or 320 in 3-D: nnU-Net's rule as MONAI has it). */
        public Builder filters(int... widths) {
            this.filters = widths.clone();
            return this;
        }

        /** Residual encoder blocks (default false, as MONAIfbs). */
        public Builder residual(boolean on) {
            this.residual = on;
            return this;
        }

        /** How many side outputs {@link #forwardWithDeepSupervision} returns (default 2, as MONAIfbs; 0 for none). */
        public Builder deepSupervision(int n) {
            this.deepSupervision = n;
            return this;
        }

        /** The seed of the weight initialisation (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The network. */
        public DynUNet build() {
            return new DynUNet(this);
        }
    }
}
