package org.unet4j.layers.unet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.AvgPool2d;
import org.unet4j.layers.nn.Conv2d;
import org.unet4j.layers.nn.ConvTranspose2d;
import org.unet4j.layers.nn.Dropout;
import org.unet4j.layers.nn.MaxPool2d;
import org.unet4j.layers.nn.Upsample;
import org.unet4j.solvers.ode.Gradients;

/**
 * A U-Net (Ronneberger et al. 2015) assembled from the block zoo. With {@code levels} resolution levels counting
 * the bottleneck (the paper's "4 levels, filters 3, 6, 12, 24", Table 10) and L = levels - 1:
 * <pre>
 *   encoder level i &lt; L:  e_i = block(x_i),  x_{i+1} = down_f(e_i)                  (filters[i] channels)
 *   bottleneck:           y_L = block(x_L)                                        (filters[L])
 *   decoder level i &lt; L:  u = up_f(y_{i+1}) (to filters[i]),  y_i = block(merge(crop(e_i), u))
 *   head:                 out = conv1x1(y_0)
 * </pre>
 * The size rules are those of {@link UNetGeometry}: {@link #outputShape}, {@link #validInputSizes},
 * {@link #nearestValidInputSizes}; {@link #forward} rejects an invalid input before any work.
 *
 * <pre>{@code
 * var net = UNet.builder().inChannels(1).outChannels(1).levels(4).filters(3, 6, 12, 24)
 *         .block(Block.dynamic("rk4", 4)).gradients(Gradients.ADJOINT).seed(7).build();
 * }</pre>
 */
public final class UNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] filters;
    private final SkipMerge merge;
    private final String blocks;
    private final ConvPadding padding;
    private final UNetGeometry geometry;
    private final List<Module> encoders = new ArrayList<>();
    private final List<Module> downs = new ArrayList<>();
    private final Module bottleneck;
    private final List<Module> ups = new ArrayList<>();
    private final List<Module> decoders = new ArrayList<>();
    private final Conv2d head;

    private UNet(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.filters = b.resolvedFilters();
        this.merge = b.merge;
        this.padding = b.padding;
        int levels = b.levels;
        BlockSettings s = new BlockSettings(b.kernel, b.convsPerLevel, b.padding, b.norm, b.activation, b.dropout,
                new SplittableRandom(b.seed));
        Block enc = b.resolved(b.encoderBlock);
        Block mid = b.resolved(b.bottleneckBlock);
        Block dec = b.resolved(b.decoderBlock);
        for (Block block : List.of(enc, mid, dec)) {
            block.check(s);
        }
        this.blocks = enc + "/" + mid + "/" + dec;
        this.geometry = new UNetGeometry(levels, b.factor, enc.shrink(s), mid.shrink(s), dec.shrink(s));
        int c = inChannels;
        for (int i = 0; i < levels - 1; i++) {
            encoders.add(registerChild("encoder" + i, stage(enc, c, filters[i], s)));
            downs.add(registerChild("down" + i, downsampling(b.downsampling, filters[i], b.factor, s)));
            c = filters[i];
        }
        bottleneck = registerChild("bottleneck", stage(mid, c, filters[levels - 1], s));
        for (int i = levels - 2; i >= 0; i--) {
            ups.add(0, registerChild("up" + i, upsampling(b.upsampling, filters[i + 1], filters[i], b.factor, s)));
            int mergedChannels = merge == SkipMerge.CONCAT ? 2 * filters[i] : filters[i];
            decoders.add(0, registerChild("decoder" + i, stage(dec, mergedChannels, filters[i], s)));
        }
        head = registerChild("head", Conv2d.builder(filters[0], outChannels, 1).build(s.rng()));
    }

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    private static Module stage(Block block, int in, int out, BlockSettings s) {
        Module m = block.create(in, out, s);
        return s.dropout() > 0 ? Sequential.of(m, new Dropout(s.dropout(), s.rng())) : m;
    }

    private static Module downsampling(DownsamplingMode mode, int channels, int f, BlockSettings s) {
        return switch (mode) {
            case MAX_POOL -> new MaxPool2d(f);
            case AVG_POOL -> new AvgPool2d(f);
            case STRIDED_CONV -> Conv2d.builder(channels, channels, f).stride(f).build(s.rng());
        };
    }

    private static Module upsampling(UpsamplingMode mode, int in, int out, int f, BlockSettings s) {
        return switch (mode) {
            case TRANSPOSED -> ConvTranspose2d.builder(in, out, f).stride(f).build(s.rng());
            case NEAREST -> Sequential.of(Upsample.nearest(f), Conv2d.builder(in, out, 1).build(s.rng()));
            case BILINEAR -> Sequential.of(Upsample.bilinear(f, false), Conv2d.builder(in, out, 1).build(s.rng()));
        };
    }

    /** The size rules along each spatial axis. */
    public UNetGeometry geometry() {
        return geometry;
    }

    /** The number of resolution levels, bottleneck included. */
    public int levels() {
        return filters.length;
    }

    /** The filters of each level, finest first. */
    public int[] filters() {
        return filters.clone();
    }

    /** The output shape [N, out, H', W'] for a valid input shape [N, in, H, W]; fails as {@link #forward} would. */
    public Shape outputShape(Shape input) {
        requireInput(input);
        return Shape.of(input.dim(0), outChannels, geometry.outputSize(input.dim(2)).getAsInt(),
                geometry.outputSize(input.dim(3)).getAsInt());
    }

    /** {@link #outputShape(Shape)} of the shape with these dimensions. */
    public Shape outputShape(int... inputDims) {
        return outputShape(Shape.of(inputDims));
    }

    /** The valid input sizes (per axis) in [from, to]. */
    public List<Integer> validInputSizes(int from, int to) {
        return geometry.validInputSizes(from, to);
    }

    /** {@code [size]} when valid, else the nearest valid input sizes below and above. */
    public List<Integer> nearestValidInputSizes(int size) {
        return geometry.nearestValidInputSizes(size);
    }

    private void requireInput(Shape input) {
        geometry.requireValid(input);
        if (input.dim(1) != inChannels) {
            throw new IllegalArgumentException("this U-Net takes " + inChannels + " input channel(s), got shape "
                    + input);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        requireInput(input.shape());
        List<Tensor> skips = new ArrayList<>();
        Tensor x = input;
        for (int i = 0; i < encoders.size(); i++) {
            x = encoders.get(i).forward(x);
            skips.add(x);
            x = downs.get(i).forward(x);
        }
        x = bottleneck.forward(x);
        for (int i = decoders.size() - 1; i >= 0; i--) {
            Tensor u = ups.get(i).forward(x);
            Tensor skip = skips.get(i);
            if (skip.dim(2) != u.dim(2) || skip.dim(3) != u.dim(3)) {
                skip = skip.centerCrop(u.dim(2), u.dim(3));
            }
            x = decoders.get(i).forward(merge == SkipMerge.CONCAT ? Tensor.concat(1, skip, u) : skip.add(u));
        }
        return head.forward(x);
    }

    /**
     * The layer tree with each stage's output shape for {@code input} [N, C, H, W] (computed from the size rules,
     * no forward pass), and the parameter count.
     */
    public String summary(Shape input) {
        requireInput(input);
        UNetGeometry.SizeTrace h = geometry.trace(input.dim(2));
        UNetGeometry.SizeTrace w = geometry.trace(input.dim(3));
        int n = input.dim(0);
        StringBuilder s = new StringBuilder(label()).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"input", "", shape(n, inChannels, input.dim(2), input.dim(3)), ""});
        for (int i = 0; i < encoders.size(); i++) {
            rows.add(row("encoder" + i, encoders.get(i), shape(n, filters[i], h.encoder()[i], w.encoder()[i])));
            rows.add(row("down" + i, downs.get(i), shape(n, filters[i], h.down()[i], w.down()[i])));
        }
        rows.add(row("bottleneck", bottleneck, shape(n, filters[filters.length - 1], h.bottom(), w.bottom())));
        for (int i = decoders.size() - 1; i >= 0; i--) {
            rows.add(row("up" + i, ups.get(i), shape(n, filters[i], h.up()[i], w.up()[i])));
            rows.add(row("decoder" + i, decoders.get(i), shape(n, filters[i], h.decoder()[i], w.decoder()[i])));
        }
        rows.add(row("head", head, shape(n, outChannels, h.output(), w.output())));
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int c = 0; c < 4; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            s.append(String.format(Locale.ROOT, "  %-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %"
                    + width[3] + "s%n", r[0], r[1], r[2], r[3]));
        }
        return s.append(String.format(Locale.ROOT, "%,d parameters", parameterCount())).toString();
    }

    private static String[] row(String name, Module m, String shape) {
        return new String[] {name, m.label(), shape, String.format(Locale.ROOT, "%,d", m.parameterCount())};
    }

    private static String shape(int... dims) {
        return Arrays.toString(dims);
    }

    @Override
    protected String describe() {
        return inChannels + " -> " + outChannels + ", " + filters.length + " levels, factor " + geometry.factor()
                + ", filters " + Arrays.toString(filters) + ", " + padding + ", " + merge + ", blocks " + blocks
                + ", valid sizes " + geometry.rule();
    }

    /**
     * Options of a {@link UNet}. Defaults: 1 -> 1 channels, 4 levels (the bottleneck included), factor 2, filters
     * 3 * 2^i (3, 6, 12, 24 for 4 levels; Table 10), 2 convolutions of 3x3 per level, SAME padding, max-pool down,
     * transposed-convolution up, concatenated skips, batch norm, ReLU, no dropout, PLN blocks everywhere, seed 0.
     */
    public static final class Builder {
        private int inChannels = 1;
        private int outChannels = 1;
        private int levels = 4;
        private int factor = 2;
        private int[] filters;
        private int convsPerLevel = 2;
        private int kernel = 3;
        private ConvPadding padding = ConvPadding.SAME;
        private DownsamplingMode downsampling = DownsamplingMode.MAX_POOL;
        private UpsamplingMode upsampling = UpsamplingMode.TRANSPOSED;
        private SkipMerge merge = SkipMerge.CONCAT;
        private Norm norm = Norm.BATCH;
        private Activation activation = Activation.RELU;
        private double dropout;
        private Block encoderBlock = Block.plain();
        private Block bottleneckBlock = Block.plain();
        private Block decoderBlock = Block.plain();
        private Gradients gradients;
        private long seed;

        private Builder() {
        }

        /** Input channels (default 1). */
        public Builder inChannels(int c) {
            this.inChannels = positive("inChannels", c);
            return this;
        }

        /** Output channels of the 1x1 head (default 1). */
        public Builder outChannels(int c) {
            this.outChannels = positive("outChannels", c);
            return this;
        }

        /** Resolution levels, the bottleneck included, so levels - 1 down-samplings (default 4). */
        public Builder levels(int l) {
            this.levels = positive("levels", l);
            return this;
        }

        /** The down- and up-sampling factor f &gt;= 2 (default 2). */
        public Builder factor(int f) {
            if (f < 2) {
                throw new IllegalArgumentException("factor must be >= 2, got " + f);
            }
            this.factor = f;
            return this;
        }

        /** Filters per level, finest first; one per level, bottleneck last (default 3 * 2^i). */
        public Builder filters(int... perLevel) {
            if (perLevel.length == 0 || Arrays.stream(perLevel).anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("filters must be positive and not empty, got "
                        + Arrays.toString(perLevel));
            }
            this.filters = perLevel.clone();
            return this;
        }

        /** k x k convolutions per PLN/RSE block (default 2). */
        public Builder convsPerLevel(int n) {
            this.convsPerLevel = positive("convsPerLevel", n);
            return this;
        }

        /** The odd kernel size k of the blocks' convolutions (default 3). */
        public Builder kernel(int k) {
            this.kernel = k;
            return this;
        }

        /** VALID or SAME padding of the blocks' convolutions (default SAME). */
        public Builder padding(ConvPadding p) {
            this.padding = p;
            return this;
        }

        /** How to down-sample (default max pooling). */
        public Builder downsampling(DownsamplingMode mode) {
            this.downsampling = mode;
            return this;
        }

        /** How to up-sample (default transposed convolution, kernel = stride = f). */
        public Builder upsampling(UpsamplingMode mode) {
            this.upsampling = mode;
            return this;
        }

        /** How skips merge (default concatenation). */
        public Builder skipMerge(SkipMerge m) {
            this.merge = m;
            return this;
        }

        /** Normalisation in the blocks (default batch norm). */
        public Builder norm(Norm n) {
            this.norm = n;
            return this;
        }

        /** Activation in the blocks (default ReLU). */
        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /** Dropout probability after every block (default 0, none). */
        public Builder dropout(double p) {
            this.dropout = p;
            return this;
        }

        /** The same block type at every position. */
        public Builder block(Block b) {
            return encoderBlock(b).bottleneckBlock(b).decoderBlock(b);
        }

        /** The block type of the encoder levels. */
        public Builder encoderBlock(Block b) {
            this.encoderBlock = required(b);
            return this;
        }

        /** The block type of the bottleneck. */
        public Builder bottleneckBlock(Block b) {
            this.bottleneckBlock = required(b);
            return this;
        }

        /** The block type of the decoder levels. */
        public Builder decoderBlock(Block b) {
            this.decoderBlock = required(b);
            return this;
        }

        /** Gradient mode of every ODE block, overriding the blocks' own (ignored by other blocks). */
        public Builder gradients(Gradients mode) {
            this.gradients = mode;
            return this;
        }

        /** Seed of the generator for initial weights and dropout masks (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Builds the network; fails naming the first inconsistent option. */
        public UNet build() {
            return new UNet(this);
        }

        private Block resolved(Block b) {
            return gradients == null ? b : b.withGradients(gradients);
        }

        private int[] resolvedFilters() {
            if (filters == null) {
                int[] f = new int[levels];
                for (int i = 0; i < levels; i++) {
                    f[i] = 3 << i;
                }
                return f;
            }
            if (filters.length != levels) {
                throw new IllegalArgumentException("filters " + Arrays.toString(filters) + " give " + filters.length
                        + " levels but levels is " + levels + " (levels count the bottleneck: one filter count per "
                        + "level, bottleneck last)");
            }
            return filters;
        }

        private static Block required(Block b) {
            if (b == null) {
                throw new IllegalArgumentException("block must not be null");
            }
            return b;
        }

        private static int positive(String name, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + v);
            }
            return v;
        }
    }
}
