package org.unet4j.layers.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.nn.InstanceNorm2d;
import org.unet4j.layers.nn.LeakyReLU;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SkipJoin;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;

/**
 * DynU-Net: MONAI's {@code DynUNet} (nnU-Net's self-configuring U-Net) as Ranzini et al., <i>MONAIfbs</i> (2021),
 * configure it for 2-D slices. Per level i: a block of two k_i x k_i convolutions (no bias), each followed by an
 * affine instance norm and a leaky ReLU (0.01), the first of stride s_i (the down-sampling is the block's own
 * strided convolution, s_0 = 1); up-sampling a transposed convolution with kernel = stride = s_{i+1} (no bias); the
 * decoder block [up, skip] (up first) to f_i channels, stride 1; a 1x1 head, and a 1x1 deep-supervision head on
 * every decoder level but the finest and the coarsest. On the one topology the strided block is level i's encoder
 * and the down-sampling stage is empty. Optionally the encoder blocks are {@link ResidualConvBlock}s.
 *
 * <p>The published configuration is MONAIfbs's (its inference script, which pins MONAI 0.3.0): one input channel,
 * two output channels, kernels and strides from nnU-Net's rule ({@link #heuristicStrides}) for 448 x 512 patches at
 * 0.8 x 0.8 mm (strides 1, 2 x6, then 1 x 2), widths min(2^(5+i), 512), no residual blocks, deep supervision of two
 * side outputs out of six heads: 45,789,166 parameters. MONAIfbs's kernels are all 3 x 3, which is what
 * this builder supports.
 */
public final class DynUNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[][] strides;
    private final int[] filters;
    private final int deepSupervision;
    private final UNetModules modules;

    private DynUNet(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.strides = b.strides;
        this.filters = b.filters != null ? b.filters.clone() : defaultFilters(strides.length);
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
        int[] k = {3, 3};
        boolean residual = b.residual;
        UNetTopology.Builder t = UNetTopology.builder(SpatialLayers.of(2));
        for (int i = 0; i < last; i++) {
            int in = i == 0 ? inChannels : filters[i - 1];
            int f = filters[i];
            int coarse = filters[i + 1];
            int[] s = strides[i];
            int[] up = strides[i + 1];
            UNetTopology.Level level = UNetTopology.level()
                    .encoder(Part.of("encoder" + i, () -> residual ? new ResidualConvBlock(in, f, k, s, rng)
                            : basicBlock(in, f, k, s, rng)))
                    .up(Part.of("up" + i, () -> ConvTranspose2d.builder(coarse, f, up[0], up[1]).stride(up[0], up[1])
                            .bias(false).build(rng)))
                    .join(SkipJoin.concatUpFirst())
                    .decoder(Part.of("decoder" + i, () -> basicBlock(2 * f, f, k, new int[] {1, 1}, rng)));
            if (i > 0 && i < last) {
                level.side(Part.of("side" + i, () -> Conv2d.builder(f, outChannels, 1).build(rng)));
            }
            t.level(level);
        }
        t.bottleneck(Part.of("bottleneck", () -> residual
                ? new ResidualConvBlock(filters[last - 1], filters[last], k, strides[last], rng)
                : basicBlock(filters[last - 1], filters[last], k, strides[last], rng)));
        t.head(Part.of("head", () -> Conv2d.builder(filters[0], outChannels, 1).build(rng)));
        this.modules = t.build().build(this::registerChild);
    }

    /** A builder with MONAIfbs's published configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * nnU-Net's rule for the strides as MONAIfbs applies it: while some axis can be halved, halve every axis whose
     * spacing is at most twice the finest and whose size is at least 8; the first level has stride 1 everywhere.
     */
    public static int[][] heuristicStrides(int[] patchSize, double[] spacing) {
        if (patchSize.length != 2 || spacing.length != 2) {
            throw new IllegalArgumentException("2-D patches need two sizes and two spacings, got "
                    + Arrays.toString(patchSize) + " and " + Arrays.toString(spacing));
        }
        double[] size = {patchSize[0], patchSize[1]};
        double[] sp = spacing.clone();
        List<int[]> out = new ArrayList<>();
        out.add(new int[] {1, 1});
        while (true) {
            double min = Math.min(sp[0], sp[1]);
            int[] s = new int[2];
            for (int a = 0; a < 2; a++) {
                s[a] = sp[a] / min <= 2 && size[a] >= 8 ? 2 : 1;
            }
            if (s[0] == 1 && s[1] == 1) {
                break;
            }
            for (int a = 0; a < 2; a++) {
                size[a] /= s[a];
                sp[a] *= s[a];
            }
            out.add(s);
        }
        return out.toArray(int[][]::new);
    }

    private static int[] defaultFilters(int levels) {
        int[] f = new int[levels];
        for (int i = 0; i < levels; i++) {
            f[i] = Math.min(1 << Math.min(5 + i, 30), 512);
        }
        return f;
    }

    private static Sequential basicBlock(int in, int out, int[] kernel, int[] stride, SplittableRandom rng) {
        return Sequential.of(conv(in, out, kernel, stride, rng), norm(out), new LeakyReLU(0.01),
                conv(out, out, kernel, new int[] {1, 1}, rng), norm(out), new LeakyReLU(0.01));
    }

    /** MONAI's padding (k - s + 1) / 2, rounded down, per axis; no bias. */
    static Conv2d conv(int in, int out, int[] kernel, int[] stride, SplittableRandom rng) {
        return Conv2d.builder(in, out, kernel[0], kernel[1]).stride(stride[0], stride[1])
                .padding((kernel[0] - stride[0] + 1) / 2, (kernel[1] - stride[1] + 1) / 2).bias(false).build(rng);
    }

    static Module norm(int channels) {
        return InstanceNorm2d.builder(channels).affine(true).build();
    }

    /** The product of the strides along each axis, which H and W must be divisible by. */
    private int[] totalStride() {
        int[] p = {1, 1};
        for (int[] s : strides) {
            p[0] *= s[0];
            p[1] *= s[1];
        }
        return p;
    }

    private void checkInput(Tensor input) {
        int[] p = totalStride();
        if (input.rank() != 4 || input.dim(1) != inChannels || input.dim(2) % p[0] != 0 || input.dim(3) % p[1] != 0) {
            throw new IllegalArgumentException("this DynU-Net takes [N, " + inChannels + ", H, W] with H divisible by "
                    + p[0] + " and W by " + p[1] + " (the product of its strides), got " + input.shape());
        }
    }

    /** The head's output: [N, outChannels, H, W]. */
    @Override
    public Tensor forward(Tensor input) {
        checkInput(input);
        return modules.forward(input);
    }

    /**
     * The head's output followed by the first {@code deepSupervision} side outputs (levels 1, 2, ..., each at its
     * level's size), as MONAI's DynUNet returns them in training.
     */
    public List<Tensor> forwardWithDeepSupervision(Tensor input) {
        checkInput(input);
        List<Tensor> levels = modules.decodeLevels(modules.encode(input));
        List<Tensor> out = new ArrayList<>();
        out.add(modules.head(levels.get(0)));
        out.addAll(modules.sideOutputs(levels).subList(0, deepSupervision));
        return out;
    }

    /** Parameters and FLOPs per inference of one input [1, C, height, width]. */
    public ModelCost cost(int height, int width) {
        return ModelCost.of(this, 1, inChannels, height, width);
    }

    /** The module tree and the {@link #cost} of one input of {@code height x width}. */
    public String summary(int height, int width) {
        return this + "\n" + cost(height, width);
    }

    @Override
    protected String describe() {
        StringBuilder s = new StringBuilder();
        for (int[] st : strides) {
            s.append(s.length() == 0 ? "" : ", ").append(st[0] == st[1] ? "" + st[0] : st[0] + "x" + st[1]);
        }
        return inChannels + " -> " + outChannels + ", filters " + Arrays.toString(filters) + ", strides [" + s
                + "], deep supervision " + deepSupervision;
    }

    /** Options of a {@link DynUNet}; the defaults are MONAIfbs's published configuration. */
    public static final class Builder {
        private int inChannels = 1;
        private int outChannels = 2;
        private int[][] strides = heuristicStrides(new int[] {448, 512}, new double[] {0.8, 0.8});
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

        /** The same stride along both axes per level, the first usually 1 (at least three levels). */
        public Builder strides(int... perLevel) {
            return strides(Arrays.stream(perLevel).mapToObj(s -> new int[] {s, s}).toArray(int[][]::new));
        }

        /** Per-level strides {height, width} (e.g. from {@link #heuristicStrides}); at least three levels. */
        public Builder strides(int[][] perLevel) {
            if (perLevel == null || perLevel.length < 3) {
                throw new IllegalArgumentException("DynU-Net needs at least three levels of strides (input block, "
                        + "one down-sampling, bottleneck), got " + (perLevel == null ? "none" : perLevel.length));
            }
            for (int[] s : perLevel) {
                if (s.length != 2 || s[0] < 1 || s[1] < 1) {
                    throw new IllegalArgumentException("each stride is {height, width} >= 1, got "
                            + Arrays.toString(s));
                }
            }
            this.strides = Arrays.stream(perLevel).map(int[]::clone).toArray(int[][]::new);
            return this;
        }

        /** Widths per level (default min(2^(5+i), 512), nnU-Net's 2-D rule). */
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
