package org.unet4j.layers.topology;

import java.util.ArrayList;
import java.util.List;
import org.unet4j.layers.Module;

/**
 * The one U-Net skeleton: a list of levels, finest first, each saying how its encoder block reads the level, how
 * it goes down, how the coarser result comes back up, how the skip joins it and what its decoder block does; the
 * bottleneck is the coarsest level's block; a stem, a head and per-level side outputs hang off it. With
 * L = {@code levels() - 1}:
 * <pre>
 *   stem:                 x_0 = stem(input),  f_0 = input                         (x_0 = input without a stem)
 *   encoder level i &lt; L:  e_i = encoder_i([x_i, f_i]),  x_{i+1} = down_i(e_i),  f_{i+1} = down_i(f_i)
 *   bottleneck:           y_L = bottleneck([x_L, f_L])
 *   decoder level i &lt; L:  y_i = join_i(e_i, up_i(y_{i+1}), t -&gt; decoder_i([t, f_i]))
 *   head, side outputs:   out = head(y_0),  side_i = side_i(y_i)
 * </pre>
 * The image pyramid f_i (the input restricted by each level's own, parameter-free down-sampling, read by every
 * block after its features) is there only with {@link Builder#imagePyramid}; without it [x, f] is x. Every stage is
 * a list of {@link Part}s applied in order; spatial dimensionality is the {@link SpatialLayers} the stages are made
 * of. {@link #build} makes the modules in one fixed order, the order of the hand-wired networks it replaced:
 * stem; encoder_i, down_i for i = 0..L-1; bottleneck; up_i, decoder_i, the join's own module for i = L-1..0; head;
 * side outputs. {@code UNet}, {@code ContinuousUNet}, the SoftCut U-Net's encoder and decoders and PottsMGNet's
 * V-cycle are all configurations of it.
 *
 * <pre>{@code
 * var space = SpatialLayers.of(2);
 * var topology = UNetTopology.builder(space)
 *         .level(UNetTopology.level()
 *                 .encoder(Part.of("encoder0", () -> plain(1, 8)))
 *                 .down(Part.of("down0", () -> space.maxPool(2)))
 *                 .up(Part.of("up0", () -> space.transposedConvolution(16, 8, 2, rng)))
 *                 .join(SkipJoin.concat())
 *                 .decoder(Part.of("decoder0", () -> plain(16, 8))))
 *         .bottleneck(Part.of("bottleneck", () -> plain(8, 16)))
 *         .head(Part.of("head", () -> Conv2d.builder(8, 1, 1).build(rng)))
 *         .build();
 * UNetModules modules = topology.build(this::registerChild);     // inside a Module's constructor
 * }</pre>
 */
public final class UNetTopology {
    private final SpatialLayers space;
    private final List<Part> stem;
    private final List<Level> levels;
    private final List<Part> bottleneck;
    private final List<Part> head;
    private final boolean imagePyramid;

    private UNetTopology(Builder b) {
        this.space = b.space;
        this.stem = List.copyOf(b.stem);
        this.levels = List.copyOf(b.levels);
        this.bottleneck = List.copyOf(b.bottleneck);
        this.head = List.copyOf(b.head);
        this.imagePyramid = b.imagePyramid;
    }

    /** A topology built of the layers {@code space}. */
    public static Builder builder(SpatialLayers space) {
        if (space == null) {
            throw new IllegalArgumentException("a topology needs its spatial layers, e.g. SpatialLayers.of(2)");
        }
        return new Builder(space);
    }

    /** A level to configure: encoder, down-sampling, up-sampling, skip join, decoder and side output. */
    public static Level level() {
        return new Level();
    }

    /** Registers a module built by the topology in its owner, under the part's name (a Module's registerChild). */
    @FunctionalInterface
    public interface Registrar {
        /** Registers {@code module} as {@code name} and returns it. */
        Module register(String name, Module module);
    }

    /** Builds every stage, in the order on the class, registering named parts with {@code registrar}. */
    public UNetModules build(Registrar registrar) {
        return new UNetModules(this, registrar, true, true);
    }

    /** Builds the stem, the encoder levels and the bottleneck only (an encoder shared by several decoders). */
    public UNetModules buildEncoder(Registrar registrar) {
        return new UNetModules(this, registrar, true, false);
    }

    /** Builds the up-sampling, joins, decoder blocks, head and side outputs only. */
    public UNetModules buildDecoder(Registrar registrar) {
        return new UNetModules(this, registrar, false, true);
    }

    /** The layers the stages are made of. */
    public SpatialLayers space() {
        return space;
    }

    /** The number of resolution levels, the bottleneck included. */
    public int levels() {
        return levels.size() + 1;
    }

    /** Whether every block also reads the input restricted to its level. */
    public boolean imagePyramid() {
        return imagePyramid;
    }

    /**
     * The size rules of this topology: each level's factor, and the pixels its stem, encoder blocks, bottleneck and
     * decoder blocks remove ({@link Part#shrinking}); a head and side outputs must keep the size.
     */
    public UNetGeometry geometry() {
        return UNetGeometry.builder().spatialDims(space.dims())
                .factors(levels.stream().mapToInt(l -> l.factor).toArray())
                .stemShrink(shrink(stem))
                .encoderShrinks(levels.stream().mapToInt(l -> shrink(l.encoder)).toArray())
                .bottleneckShrink(shrink(bottleneck))
                .decoderShrinks(levels.stream().mapToInt(l -> shrink(l.decoder)).toArray())
                .build();
    }

    private static int shrink(List<Part> parts) {
        return parts.stream().mapToInt(Part::shrink).sum();
    }

    List<Part> stem() {
        return stem;
    }

    List<Level> encoderLevels() {
        return levels;
    }

    List<Part> bottleneck() {
        return bottleneck;
    }

    List<Part> head() {
        return head;
    }

    /** One level above the bottleneck. Every stage is optional except the encoder and decoder block. */
    public static final class Level {
        private final List<Part> encoder = new ArrayList<>();
        private final List<Part> down = new ArrayList<>();
        private final List<Part> up = new ArrayList<>();
        private int factor = 2;
        private SkipJoin join = SkipJoin.concat();
        private Part joinPart;
        private final List<Part> decoder = new ArrayList<>();
        private final List<Part> side = new ArrayList<>();

        private Level() {
        }

        /** The factor f by which the level's down-sampling shrinks and its up-sampling grows every axis (default 2). */
        public Level factor(int f) {
            if (f < 2) {
                throw new IllegalArgumentException("a level's factor must be >= 2, got " + f);
            }
            this.factor = f;
            return this;
        }

        /** The encoder block's parts, applied in order. */
        public Level encoder(Part... parts) {
            encoder.addAll(List.of(parts));
            return this;
        }

        /** The down-sampling's parts (e.g. a 1x1 widening, then a pooling). */
        public Level down(Part... parts) {
            down.addAll(List.of(parts));
            return this;
        }

        /** The up-sampling's parts (e.g. an interpolation, then a 1x1 convolution). */
        public Level up(Part... parts) {
            up.addAll(List.of(parts));
            return this;
        }

        /** How the skip joins the up-sampled features (default {@link SkipJoin#concat()}), without own module. */
        public Level join(SkipJoin j) {
            return join(j, null);
        }

        /** How the skip joins the up-sampled features, with the join's own module (made after the decoder block). */
        public Level join(SkipJoin j, Part own) {
            if (j == null) {
                throw new IllegalArgumentException("a level needs a skip join, e.g. SkipJoin.concat()");
            }
            this.join = j;
            this.joinPart = own;
            return this;
        }

        /** The decoder block's parts (e.g. a 1x1 reduction, then the block). */
        public Level decoder(Part... parts) {
            decoder.addAll(List.of(parts));
            return this;
        }

        /** A side output of the level's decoder output (deep supervision, U2Net's fused side outputs). */
        public Level side(Part... parts) {
            side.addAll(List.of(parts));
            return this;
        }

        List<Part> encoderParts() {
            return encoder;
        }

        List<Part> downParts() {
            return down;
        }

        List<Part> upParts() {
            return up;
        }

        SkipJoin skipJoin() {
            return join;
        }

        Part joinPart() {
            return joinPart;
        }

        List<Part> decoderParts() {
            return decoder;
        }

        List<Part> sideParts() {
            return side;
        }
    }

    /** Options of a {@link UNetTopology}: levels finest first, then the bottleneck. */
    public static final class Builder {
        private final SpatialLayers space;
        private final List<Part> stem = new ArrayList<>();
        private final List<Level> levels = new ArrayList<>();
        private final List<Part> bottleneck = new ArrayList<>();
        private final List<Part> head = new ArrayList<>();
        private boolean imagePyramid;

        private Builder(SpatialLayers space) {
            this.space = space;
        }

        /** The stem's parts (default none). */
        public Builder stem(Part... parts) {
            stem.addAll(List.of(parts));
            return this;
        }

        /** The next finer-to-coarser level above the bottleneck. */
        public Builder level(Level level) {
            if (level == null || level.encoder.isEmpty() || level.decoder.isEmpty()) {
                throw new IllegalArgumentException("a level needs an encoder and a decoder block");
            }
            levels.add(level);
            return this;
        }

        /** The bottleneck block's parts. */
        public Builder bottleneck(Part... parts) {
            bottleneck.addAll(List.of(parts));
            return this;
        }

        /** The head's parts (default none: the output is y_0). */
        public Builder head(Part... parts) {
            head.addAll(List.of(parts));
            return this;
        }

        /**
         * Whether every block reads the input restricted to its level after its features (default false); the
         * down-samplings must then be parameter-free, as they restrict the image too.
         */
        public Builder imagePyramid(boolean on) {
            this.imagePyramid = on;
            return this;
        }

        /** The topology; fails when it has no bottleneck. */
        public UNetTopology build() {
            if (bottleneck.isEmpty()) {
                throw new IllegalArgumentException("a U-Net topology needs a bottleneck block");
            }
            return new UNetTopology(this);
        }
    }
}
