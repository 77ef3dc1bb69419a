package org.unet4j.layers.unet;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.Sequential;
import org.unet4j.layers.nn.Dropout;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.topology.Part;
import org.unet4j.layers.topology.SpatialLayers;
import org.unet4j.layers.topology.StageTable;
import org.unet4j.layers.topology.UNetGeometry;
import org.unet4j.layers.topology.UNetModules;
import org.unet4j.layers.topology.UNetTopology;
import org.unet4j.solvers.ode.Gradients;

/**
 * A U-Net (Ronneberger et al. 2015; in 3-D Cicek et al. 2016) assembled from the block zoo, in d = 2 (inputs
 * [N, C, H, W]), d = 1 (inputs [N, C, W]) or d = 3 spatial dimensions (volumes [N, C, D, H, W], where the factor
 * may differ per axis, e.g. (1, 2, 2) for thick slices). With {@code levels} resolution levels counting the bottleneck (the paper's
 * "4 levels, filters 3, 6, 12, 24", Table 10) and L = levels - 1:
 * <pre>
 *   stem (optional):      x_0 = stem(input)                                         (else x_0 = input)
 *   encoder level i &lt; L:  e_i = block(x_i),  x_{i+1} = down_f(e_i)                  (filters[i] channels)
 *   bottleneck:           y_L = block(x_L)                                        (filters[L])
 *   decoder level i &lt; L:  u = up_f(y_{i+1}),  y_i = block(merge(crop(e_i), u))      (CONCAT, ADD)
 *                         or y_i = a_i block(u) + b_i crop(e_i)                    (CORRECTION)
 *   head:                 out = conv1x1(y_0)                                       (or a custom head)
 * </pre>
 * u has filters[i] channels (the up-sampling maps them), or filters[i + 1] when {@code upsamplingKeepsChannels}.
 * With {@code imagePyramid(true)} every block also reads the input image restricted to its level by the network's
 * own down-sampling, f_0 = input, f_{i+1} = down_f(f_i): it sees {@code [x, f_i]} (centre-cropped to x under VALID
 * padding), as in multi-scale-input U-Nets and in PottsMGNet, where each layer of a level reads the image at that
 * level ({@link Block#imageFed()}).
 *
 * <p>The network is a configuration of the one {@link UNetTopology} ({@link #modules()}), whose
 * {@link UNetTopology#geometry() size rules} are those of {@link UNetGeometry}: {@link #outputShape},
 * {@link #validInputSizes}, {@link #nearestValidInputSizes}; {@link #forward} rejects an invalid input before any
 * work. In 1-D the network runs the engine's 2-D operations on [N, C, 1, W] (1 x k kernels, 1 x f pooling and
 * up-sampling, {@link SpatialLayers}): stems, blocks and heads see that layout, and
 * {@link BlockSettings#convolution} builds their 1 x k convolutions.
 *
 * <pre>{@code
 * var net = UNet.builder().inChannels(1).outChannels(1).levels(4).filters(3, 6, 12, 24)
 *         .block(Block.dynamic("rk4", 4)).gradients(Gradients.ADJOINT).seed(7).build();
 * var signal = UNet.builder().spatialDims(1).levels(3).padding(ConvPadding.VALID).build();   // [N, C, W] inputs
 * var volume = UNet.builder().spatialDims(3).factor(1, 2, 2).filters(8, 16, 32, 64).build(); // [N, C, D, H, W]
 * }</pre>
 */
public final class UNet extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int spatialDims;
    private final int[] factor;
    private final int[] filters;
    private final SkipMerge merge;
    private final boolean imagePyramid;
    private final boolean upsamplingKeepsChannels;
    private final String blocks;
    private final String stemName;
    private final int stemChannels;
    private final int stemShrink;
    private final Head headKind;
    private final ConvPadding padding;
    private final UNetGeometry geometry;
    private final SpatialLayers space;
    private final UNetModules modules;

    private UNet(Builder b) {
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.spatialDims = b.spatialDims;
        this.space = SpatialLayers.of(spatialDims);
        this.factor = space.factorsPerAxis(b.factor);
        this.filters = b.resolvedFilters();
        this.merge = b.merge;
        this.imagePyramid = b.imagePyramid;
        this.upsamplingKeepsChannels = b.upsamplingKeepsChannels;
        this.padding = b.padding;
        this.headKind = b.head;
        this.stemName = b.stem == null ? null : b.stem.toString();
        this.stemChannels = b.stem == null ? inChannels : b.stem.channels();
        b.checkCombination(filters);
        int levels = b.levels;
        int image = imagePyramid ? inChannels : 0;
        BlockSettings s = BlockSettings.builder().kernel(b.kernel).convsPerLevel(b.convsPerLevel).padding(b.padding)
                .norm(b.norm).activation(b.activation).dropout(b.dropout).rng(new SplittableRandom(b.seed))
                .spatialDims(spatialDims).imageChannels(image).build();
        Block enc = b.resolved(b.encoderBlock);
        Block mid = b.resolved(b.bottleneckBlock);
        Block dec = b.resolved(b.decoderBlock);
        for (Block block : List.of(enc, mid, dec)) {
            block.check(s);
        }
        this.blocks = enc + "/" + mid + "/" + dec;
        this.stemShrink = b.stem == null ? 0 : b.stem.shrink(s);
        UNetTopology.Builder topology = UNetTopology.builder(space).imagePyramid(imagePyramid);
        if (b.stem != null) {
            Stem stem = b.stem;
            topology.stem(Part.of("stem", () -> stem.create(inChannels, s)).shrinking(stemShrink));
        }
        int c = stemChannels;
        for (int i = 0; i < levels - 1; i++) {
            int level = i;
            int in = c + image;
            int up = upChannels(i);
            int merged = (merge == SkipMerge.CONCAT ? filters[i] + up : up) + image;
            topology.level(UNetTopology.level().factor(factor)
                    .encoder(Part.of("encoder" + i, () -> stage(enc, in, filters[level], s))
                            .shrinking(enc.shrink(s)))
                    .down(Part.of("down" + i, () -> downsampling(b.downsampling, filters[level], factor, s)))
                    .up(Part.of("up" + i, () -> upsampling(b.upsampling, filters[level + 1], up, factor,
                            upsamplingKeepsChannels, s)))
                    .join(merge.join(), merge == SkipMerge.CORRECTION
                            ? Part.of("correction" + i, SkipCorrection::new) : null)
                    .decoder(Part.of("decoder" + i, () -> stage(dec, merged, filters[level], s))
                            .shrinking(dec.shrink(s))));
            c = filters[i];
        }
        int bottom = c + image;
        topology.bottleneck(Part.of("bottleneck", () -> stage(mid, bottom, filters[levels - 1], s))
                .shrinking(mid.shrink(s)));
        topology.head(Part.of("head", () -> b.head.create(filters[0], outChannels, s)));
        UNetTopology t = topology.build();
        this.geometry = t.geometry();
        this.modules = t.build(this::registerChild);
    }

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    private static Module stage(Block block, int in, int out, BlockSettings s) {
        Module m = block.create(in, out, s);
        return s.dropout() > 0 ? Sequential.of(m, new Dropout(s.dropout(), s.rng())) : m;
    }

    private static Module downsampling(DownsamplingMode mode, int channels, int[] f, BlockSettings s) {
        SpatialLayers space = SpatialLayers.of(s.spatialDims());
        return switch (mode) {
            case MAX_POOL -> space.maxPool(f);
            case AVG_POOL -> space.avgPool(f);
            case STRIDED_CONV -> space.stridedConvolution(channels, channels, f, s.rng());
        };
    }

    /** The up-sampling from {@code in} to {@code out} channels; {@code keep}: fixed interpolations alone. */
    private static Module upsampling(UpsamplingMode mode, int in, int out, int[] f, boolean keep, BlockSettings s) {
        SpatialLayers space = SpatialLayers.of(s.spatialDims());
        Module interpolation = switch (mode) {
            case TRANSPOSED -> space.transposedConvolution(in, out, f, s.rng());
            case NEAREST -> space.nearest(f);
            case BILINEAR -> space.linear(f);
        };
        return mode == UpsamplingMode.TRANSPOSED || keep ? interpolation
                : Sequential.of(interpolation, space.convolution(in, out, 1).build(s.rng()));
    }

    /** The channels level i's up-sampling outputs: the level's filters, or the coarser level's when kept. */
    private int upChannels(int level) {
        return upsamplingKeepsChannels ? filters[level + 1] : filters[level];
    }

    /** The modules of this U-Net's topology, stage by stage. */
    public UNetModules modules() {
        return modules;
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

    /** The number d of spatial axes: inputs are [N, C, W] for d = 1, [N, C, H, W] for d = 2, [N, C, D, H, W] for 3. */
    public int spatialDims() {
        return spatialDims;
    }

    /** The stem applied to the input before the first level, if the network has one. */
    public Optional<Module> stem() {
        return modules.stem().isEmpty() ? Optional.empty() : Optional.of(modules.stem().module());
    }

    /** The encoder block of level {@code level} in 0..levels - 2 (with its dropout, if any). */
    public Module encoder(int level) {
        return modules.encoder(checkedLevel(level)).module();
    }

    /** The bottleneck block (with its dropout, if any). */
    public Module bottleneck() {
        return modules.bottleneck().module();
    }

    /** The decoder block of level {@code level} in 0..levels - 2 (with its dropout, if any). */
    public Module decoder(int level) {
        return modules.decoder(checkedLevel(level)).module();
    }

    /** The skip correction y = a block(u) + b skip of level {@code level}; needs {@link SkipMerge#CORRECTION}. */
    public SkipCorrection correction(int level) {
        if (merge != SkipMerge.CORRECTION) {
            throw new IllegalStateException("this U-Net merges its skips by " + merge + "; only skipMerge(CORRECTION)"
                    + " has skip corrections");
        }
        return (SkipCorrection) modules.join(checkedLevel(level));
    }

    /** The output head. */
    public Module head() {
        return modules.head().module();
    }

    private int checkedLevel(int level) {
        if (level < 0 || level >= filters.length - 1) {
            throw new IllegalArgumentException("this U-Net has encoder and decoder levels 0.." + (filters.length - 2)
                    + " (the bottleneck is level " + (filters.length - 1) + "), got " + level);
        }
        return level;
    }

    /**
     * The output shape [N, out, spatial'...] for a valid input shape [N, in, spatial...] ([N, C, W], [N, C, H, W] or
     * [N, C, D, H, W]); fails as {@link #forward} would.
     */
    public Shape outputShape(Shape input) {
        requireInput(input);
        int[] dims = input.dims();
        dims[1] = outChannels;
        for (int a = 2; a < dims.length; a++) {
            dims[a] = geometry.forAxis(a - 2).outputSize(dims[a]).getAsInt();
        }
        return Shape.of(dims);
    }

    /** {@link #outputShape(Shape)} of the shape with these dimensions. */
    public Shape outputShape(int... inputDims) {
        return outputShape(Shape.of(inputDims));
    }

    /** The valid input sizes (per axis) in [from, to]; per-axis factors: {@link #validInputSizes(int, int, int)}. */
    public List<Integer> validInputSizes(int from, int to) {
        return geometry.validInputSizes(from, to);
    }

    /** The valid input sizes along spatial axis {@code axis} (0 the outermost) in [from, to]. */
    public List<Integer> validInputSizes(int axis, int from, int to) {
        return geometry.forAxis(axis).validInputSizes(from, to);
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
        Tensor image = space.toInternal(input);
        Tensor x = image;
        if (!modules.stem().isEmpty()) {
            x = requireSize(modules.stem().forward(image), internalSizes(image, stemShrink), "stem");
        }
        Tensor y = modules.decode(modules.encodeFrom(x, image));
        return space.fromInternal(requireSize(modules.head(y), internalSizes(y, 0), "head"));
    }

    /** The spatial sizes of {@code t} in the internal layout less {@code shrink} (the 1-D height of 1 kept). */
    private int[] internalSizes(Tensor t, int shrink) {
        int[] sizes = Arrays.copyOfRange(t.dims(), 2, t.rank());
        for (int a = spatialDims == 1 ? 1 : 0; a < sizes.length; a++) {
            sizes[a] -= shrink;
        }
        return sizes;
    }

    private Tensor requireSize(Tensor out, int[] sizes, String part) {
        if (!Arrays.equals(Arrays.copyOfRange(out.dims(), 2, out.rank()), sizes)) {
            int[] expected = spatialDims == 1 ? new int[] {sizes[1]} : sizes;
            throw new IllegalStateException("the " + part + " of this U-Net returned " + out.shape() + " where the "
                    + "size rules expect spatial size " + Arrays.stream(expected).mapToObj(Integer::toString)
                    .collect(Collectors.joining(" x ")) + "; a custom " + part + " must keep the "
                    + "spatial size (pad SAME)");
        }
        return out;
    }

    /**
     * The layer tree with each stage's output shape for {@code input} [N, C, H, W] or [N, C, W] (computed from the
     * size rules, no forward pass), and the parameter count.
     */
    public String summary(Shape input) {
        requireInput(input);
        int n = input.dim(0);
        int[] spatial = Arrays.copyOfRange(input.dims(), 2, input.rank());
        StageTable rows = new StageTable().input(input.dims());
        for (UNetModules.StageSize st : modules.sizes(geometry, spatial)) {
            UNetModules.Stage stage = st.stage().stage();
            int i = st.stage().level();
            Module m = stage.module();
            int[] sizes = st.sizes();
            switch (st.stage().role()) {
                case STEM -> rows.row(stage.name(), stemName, m, StageTable.shape(n, stemChannels, sizes));
                case ENCODER, DECODER, JOIN -> rows.row(stage.name(), m, StageTable.shape(n, filters[i], sizes));
                case DOWN -> {
                    rows.row(stage.name(), m, StageTable.shape(n, filters[i], sizes));
                    if (imagePyramid) {
                        rows.row("image" + (i + 1), "image" + i + " restricted by down" + i,
                                Arrays.toString(StageTable.shape(n, inChannels, sizes)), "");
                    }
                }
                case BOTTLENECK -> rows.row(stage.name(), m, StageTable.shape(n, filters[i], sizes));
                case UP -> rows.row(stage.name(), m, StageTable.shape(n, upChannels(i), sizes));
                case HEAD -> rows.row(stage.name(), headKind.isPointwise() ? m.label() : headKind.toString(), m,
                        StageTable.shape(n, outChannels, sizes));
                case SIDE -> throw new IllegalStateException("a UNet has no side outputs");
            }
        }
        return rows.format(label(), parameterCount());
    }

    @Override
    protected String describe() {
        StringBuilder d = new StringBuilder().append(inChannels).append(" -> ").append(outChannels);
        if (spatialDims != 2) {
            d.append(", ").append(spatialDims).append("-D");
        }
        if (stemName != null) {
            d.append(", stem ").append(stemName);
        }
        boolean isotropic = Arrays.stream(factor).distinct().count() == 1;
        d.append(", ").append(filters.length).append(" levels, factor").append(isotropic ? " " + factor[0]
                : "s " + Arrays.toString(factor).replace('[', '(').replace(']', ')'))
                .append(", filters ").append(Arrays.toString(filters)).append(", ").append(padding);
        if (imagePyramid) {
            d.append(", image pyramid");
        }
        if (upsamplingKeepsChannels) {
            d.append(", upsampling keeps channels");
        }
        d.append(", ").append(merge).append(", blocks ").append(blocks);
        if (!headKind.isPointwise()) {
            d.append(", head ").append(headKind);
        }
        return d.append(", valid sizes ").append(geometry.rule()).toString();
    }

    /**
     * Options of a {@link UNet}. Defaults: 1 -> 1 channels, 4 levels (the bottleneck included), factor 2, filters
     * 3 * 2^i (3, 6, 12, 24 for 4 levels; Table 10), 2 convolutions of 3x3 per level, SAME padding, max-pool down,
     * transposed-convolution up, concatenated skips, batch norm, ReLU, no dropout, PLN blocks everywhere, seed 0;
     * 2-D, no stem, no image pyramid, up-sampling to the finer level's filters, a 1x1 convolution as head.
     */
    public static final class Builder {
        private int inChannels = 1;
        private int outChannels = 1;
        private int spatialDims = 2;
        private int levels = 4;
        private int[] factor = {2};
        private int[] filters;
        private int convsPerLevel = 2;
        private int kernel = 3;
        private ConvPadding padding = ConvPadding.SAME;
        private DownsamplingMode downsampling = DownsamplingMode.MAX_POOL;
        private UpsamplingMode upsampling = UpsamplingMode.TRANSPOSED;
        private SkipMerge merge = SkipMerge.CONCAT;
        private boolean upsamplingKeepsChannels;
        private boolean imagePyramid;
        private Stem stem;
        private Head head = Head.pointwise();
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

        /** Output channels of the head (default 1). */
        public Builder outChannels(int c) {
            this.outChannels = positive("outChannels", c);
            return this;
        }

        /**
         * Spatial dimensions d of the inputs: 2 for images [N, C, H, W] (default), 1 for signals [N, C, W], where
         * every k x k kernel is 1 x k and pooling and up-sampling act along the width only, 3 for volumes
         * [N, C, D, H, W] with k x k x k kernels ({@link SpatialLayers}).
         */
        public Builder spatialDims(int d) {
            SpatialLayers.of(d);
            this.spatialDims = d;
            return this;
        }

        /** Resolution levels, the bottleneck included, so levels - 1 down-samplings (default 4). */
        public Builder levels(int l) {
            this.levels = positive("levels", l);
            return this;
        }

        /**
         * The down- and up-sampling factor f &gt;= 2 along every axis (default 2), or, in 3-D, one factor per axis
         * (depth, height, width), each &gt;= 1 and one at least &gt;= 2: {@code factor(1, 2, 2)} keeps the depth of
         * thick-slice volumes and halves height and width at every level.
         */
        public Builder factor(int... perAxis) {
            if (perAxis.length == 1 && perAxis[0] < 2) {
                throw new IllegalArgumentException("factor must be >= 2, got " + perAxis[0]);
            }
            this.factor = perAxis.clone();
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

        /**
         * Whether the up-sampling keeps the coarser level's channels (default false: it maps them to the finer
         * level's filters). When true, NEAREST and BILINEAR are the interpolation alone (no 1x1 convolution), a
         * transposed convolution keeps the channel count, and the decoder block maps the coarse channels to the
         * level's filters, as PottsMGNet's prolongation does.
         */
        public Builder upsamplingKeepsChannels(boolean keep) {
            this.upsamplingKeepsChannels = keep;
            return this;
        }

        /**
         * Whether every block also reads the input image at its level (default false): the image restricted by the
         * network's own, parameter-free down-sampling (MAX_POOL or AVG_POOL), concatenated after the block's input
         * features. {@link Block#imageFed()} feeds it to every convolution of the block.
         */
        public Builder imagePyramid(boolean on) {
            this.imagePyramid = on;
            return this;
        }

        /** A stem before the first level (default none), e.g. {@link Stem#convolution}. */
        public Builder stem(Stem s) {
            if (s == null) {
                throw new IllegalArgumentException("stem must not be null");
            }
            this.stem = s;
            return this;
        }

        /** The output head (default {@link Head#pointwise()}, a 1x1 convolution). */
        public Builder head(Head h) {
            if (h == null) {
                throw new IllegalArgumentException("head must not be null (the default is Head.pointwise())");
            }
            this.head = h;
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

        /** Fails naming the options that cannot go together. */
        private void checkCombination(int[] resolvedFilters) {
            if (imagePyramid && downsampling == DownsamplingMode.STRIDED_CONV) {
                throw new IllegalArgumentException("imagePyramid restricts the image by the network's own "
                        + "down-sampling, which must then be parameter-free: use downsampling(MAX_POOL) or "
                        + "downsampling(AVG_POOL) instead of STRIDED_CONV");
            }
            if (merge == SkipMerge.ADD && upsamplingKeepsChannels) {
                for (int i = 0; i + 1 < resolvedFilters.length; i++) {
                    if (resolvedFilters[i] != resolvedFilters[i + 1]) {
                        throw new IllegalArgumentException("skipMerge(ADD) adds the skip of level " + i + " ("
                                + resolvedFilters[i] + " channels) to the up-sampled features, which keep level "
                                + (i + 1) + "'s " + resolvedFilters[i + 1] + " channels; use CONCAT or CORRECTION, "
                                + "equal filters, or upsamplingKeepsChannels(false)");
                    }
                }
            }
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
