package org.unet4j.layers.topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;

/**
 * The modules a {@link UNetTopology} built, registered in their owner, and the forward pass the topology states:
 * {@link #encode} runs the stem, the encoder levels and the bottleneck, {@link #decode} the decoder levels,
 * {@link #head} and {@link #sideOutputs} what hangs off them. All tensors are in the internal layout of the
 * topology's {@link SpatialLayers}. {@link #stages()} lists every stage in order, for summaries and cost counts.
 */
public final class UNetModules {
    /** Where a stage sits in the U-Net. */
    public enum Role {
        STEM, ENCODER, DOWN, BOTTLENECK, UP, DECODER, JOIN, HEAD, SIDE
    }

    /** The modules of one stage, applied in order; empty when the topology has none there. */
    public static final class Stage {
        private final List<Module> modules;
        private final String name;

        private Stage(List<Module> modules, String name) {
            this.modules = Collections.unmodifiableList(modules);
            this.name = name;
        }

        /** The name of the stage's first registered part, or null when none is registered. */
        public String name() {
            return name;
        }

        /** The modules, in order. */
        public List<Module> modules() {
            return modules;
        }

        /** Whether the stage has no module (the identity). */
        public boolean isEmpty() {
            return modules.isEmpty();
        }

        /** The stage's single module; fails for a stage of several parts. */
        public Module module() {
            if (modules.size() != 1) {
                throw new IllegalStateException("this stage has " + modules.size() + " modules, not one");
            }
            return modules.get(0);
        }

        /** The modules applied in order. */
        public Tensor forward(Tensor x) {
            for (Module m : modules) {
                x = m.forward(x);
            }
            return x;
        }

        /** The parameters of all modules of the stage. */
        public long parameterCount() {
            return modules.stream().mapToLong(Module::parameterCount).sum();
        }
    }

    /** A stage with its role and level (the level is -1 for the stem and the head, L for the bottleneck). */
    public record StageRef(Role role, int level, Stage stage) {
    }

    /**
     * The encoder's outputs: each level's skip e_i finest first, the bottleneck's output y_L, and the image at
     * each level above the bottleneck (empty without an image pyramid).
     */
    public record Encoded(List<Tensor> skips, Tensor bottom, List<Tensor> images) {
        /** The same features with {@code f} applied to every tensor (e.g. a transposition of the axes). */
        public Encoded map(UnaryOperator<Tensor> f) {
            return new Encoded(skips.stream().map(f).toList(), f.apply(bottom), images.stream().map(f).toList());
        }
    }

    private final UNetTopology topology;
    private final SpatialLayers space;
    private final Stage stem;
    private final List<Stage> encoders = new ArrayList<>();
    private final List<Stage> downs = new ArrayList<>();
    private final Stage bottleneck;
    private final List<Stage> ups = new ArrayList<>();
    private final List<Stage> decoders = new ArrayList<>();
    private final List<Module> joins = new ArrayList<>();
    private final List<String> joinNames = new ArrayList<>();
    private final Stage head;
    private final List<Stage> sides = new ArrayList<>();

    UNetModules(UNetTopology t, UNetTopology.Registrar registrar, boolean encoder, boolean decoder) {
        this.topology = t;
        this.space = t.space();
        List<UNetTopology.Level> levels = t.encoderLevels();
        Stage none = new Stage(List.of(), null);
        if (encoder) {
            stem = stage(t.stem(), registrar);
            for (UNetTopology.Level level : levels) {
                encoders.add(stage(level.encoderParts(), registrar));
                Stage down = stage(level.downParts(), registrar);
                if (t.imagePyramid() && down.parameterCount() > 0) {
                    throw new IllegalArgumentException("an image pyramid restricts the image by each level's own "
                            + "down-sampling, which must then be parameter-free (a pooling), but level "
                            + downs.size() + "'s has " + down.parameterCount() + " parameters");
                }
                downs.add(down);
            }
            bottleneck = stage(t.bottleneck(), registrar);
        } else {
            stem = none;
            bottleneck = none;
        }
        if (decoder) {
            for (int i = levels.size() - 1; i >= 0; i--) {
                UNetTopology.Level level = levels.get(i);
                ups.add(0, stage(level.upParts(), registrar));
                decoders.add(0, stage(level.decoderParts(), registrar));
                joins.add(0, level.joinPart() == null ? null : make(level.joinPart(), registrar));
                joinNames.add(0, level.joinPart() == null ? null : level.joinPart().name());
            }
            head = stage(t.head(), registrar);
            for (UNetTopology.Level level : levels) {
                sides.add(stage(level.sideParts(), registrar));
            }
        } else {
            head = none;
        }
    }

    private static Stage stage(List<Part> parts, UNetTopology.Registrar registrar) {
        List<Module> modules = new ArrayList<>();
        for (Part p : parts) {
            modules.add(make(p, registrar));
        }
        return new Stage(modules, parts.stream().map(Part::name).filter(n -> n != null).findFirst().orElse(null));
    }

    private static Module make(Part p, UNetTopology.Registrar registrar) {
        Module m = p.factory().get();
        return p.name() == null ? m : registrar.register(p.name(), m);
    }

    /** The topology these modules were built from. */
    public UNetTopology topology() {
        return topology;
    }

    /** The stem (empty without one). */
    public Stage stem() {
        return stem;
    }

    /** Level i's encoder block, i in 0..levels - 2. */
    public Stage encoder(int level) {
        return encoders.get(level);
    }

    /** Level i's down-sampling. */
    public Stage down(int level) {
        return downs.get(level);
    }

    /** The bottleneck block. */
    public Stage bottleneck() {
        return bottleneck;
    }

    /** Level i's up-sampling (from level i + 1 to level i). */
    public Stage up(int level) {
        return ups.get(level);
    }

    /** Level i's decoder block. */
    public Stage decoder(int level) {
        return decoders.get(level);
    }

    /** Level i's join module, or null when its join has none. */
    public Module join(int level) {
        return joins.get(level);
    }

    /** The head (empty without one). */
    public Stage head() {
        return head;
    }

    /** Every built stage in the order of the forward pass, empty stages left out. */
    public List<StageRef> stages() {
        List<StageRef> out = new ArrayList<>();
        add(out, Role.STEM, -1, stem);
        for (int i = 0; i < encoders.size(); i++) {
            add(out, Role.ENCODER, i, encoders.get(i));
            add(out, Role.DOWN, i, downs.get(i));
        }
        int bottom = topology.levels() - 1;
        add(out, Role.BOTTLENECK, bottom, bottleneck);
        for (int i = decoders.size() - 1; i >= 0; i--) {
            add(out, Role.UP, i, ups.get(i));
            add(out, Role.DECODER, i, decoders.get(i));
            if (joins.get(i) != null) {
                add(out, Role.JOIN, i, new Stage(List.of(joins.get(i)), joinNames.get(i)));
            }
        }
        add(out, Role.HEAD, -1, head);
        for (int i = 0; i < sides.size(); i++) {
            add(out, Role.SIDE, i, sides.get(i));
        }
        return out;
    }

    /** A stage of {@link #stages()} with its output size along each spatial axis. */
    public record StageSize(StageRef stage, int[] sizes) {
    }

    /**
     * Every stage of {@link #stages()} with its output size along each axis for an input of the spatial sizes
     * {@code inputSizes}, from the size rules alone (no forward pass): what a summary prints and what a cost count
     * (parameters, FLOPs) sums over. Fails when a size is not valid for {@code geometry}.
     */
    public List<StageSize> sizes(UNetGeometry geometry, int... inputSizes) {
        List<UNetGeometry.SizeTrace> axes = new ArrayList<>();
        for (int size : inputSizes) {
            UNetGeometry.SizeTrace trace = geometry.trace(size);
            if (trace == null) {
                throw new IllegalArgumentException("input size " + size + " is not valid: valid sizes are "
                        + geometry.rule() + " for b >= 1");
            }
            axes.add(trace);
        }
        List<StageSize> out = new ArrayList<>();
        for (StageRef ref : stages()) {
            int[] sizes = new int[axes.size()];
            for (int a = 0; a < sizes.length; a++) {
                UNetGeometry.SizeTrace t = axes.get(a);
                int i = ref.level();
                sizes[a] = switch (ref.role()) {
                    case STEM -> t.stem();
                    case ENCODER -> t.encoder()[i];
                    case DOWN -> t.down()[i];
                    case BOTTLENECK -> t.bottom();
                    case UP -> t.up()[i];
                    case DECODER, JOIN, SIDE -> t.decoder()[i];
                    case HEAD -> t.output();
                };
            }
            out.add(new StageSize(ref, sizes));
        }
        return out;
    }

    private static void add(List<StageRef> out, Role role, int level, Stage s) {
        if (!s.isEmpty()) {
            out.add(new StageRef(role, level, s));
        }
    }

    /** Stem, encoder levels and bottleneck on {@code input}, which is also the finest image of the pyramid. */
    public Encoded encode(Tensor input) {
        return encodeFrom(stem.forward(input), input);
    }

    /** The encoder levels and the bottleneck from the stem's output {@code x} and the image {@code f}. */
    public Encoded encodeFrom(Tensor x, Tensor image) {
        boolean pyramid = topology.imagePyramid();
        List<Tensor> skips = new ArrayList<>();
        List<Tensor> images = new ArrayList<>();
        for (int i = 0; i < encoders.size(); i++) {
            if (pyramid) {
                images.add(image);
            }
            x = encoders.get(i).forward(withImage(x, image));
            skips.add(x);
            if (pyramid) {
                image = downs.get(i).forward(space.cropTo(image, x));
            }
            x = downs.get(i).forward(x);
        }
        return new Encoded(skips, bottleneck.forward(withImage(x, image)), images);
    }

    /** The decoder levels' outputs y_0, ..., y_{L-1}, finest first, then y_L, the bottleneck's output. */
    public List<Tensor> decodeLevels(Encoded features) {
        boolean pyramid = topology.imagePyramid();
        Tensor[] y = new Tensor[decoders.size() + 1];
        Tensor x = features.bottom();
        y[decoders.size()] = x;
        for (int i = decoders.size() - 1; i >= 0; i--) {
            Stage block = decoders.get(i);
            Tensor image = pyramid ? features.images().get(i) : null;
            UnaryOperator<Tensor> run = t -> block.forward(pyramid ? withImage(t, image) : t);
            x = topology.encoderLevels().get(i).skipJoin().join(features.skips().get(i), ups.get(i).forward(x),
                    joins.get(i), run, space);
            y[i] = x;
        }
        return List.of(y);
    }

    /** y_0, the finest decoder output. */
    public Tensor decode(Encoded features) {
        return decodeLevels(features).get(0);
    }

    /** The head applied to y_0. */
    public Tensor head(Tensor finest) {
        return head.forward(finest);
    }

    /** The side output of every level that has one, finest first, from {@link #decodeLevels}' outputs. */
    public List<Tensor> sideOutputs(List<Tensor> decoded) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            if (!sides.get(i).isEmpty()) {
                out.add(sides.get(i).forward(decoded.get(i)));
            }
        }
        return out;
    }

    /** The whole pass on an input in the caller's layout: stem, encoder, decoder and head. */
    public Tensor forward(Tensor input) {
        return space.fromInternal(head(decode(encode(space.toInternal(input)))));
    }

    private Tensor withImage(Tensor x, Tensor image) {
        return topology.imagePyramid() ? Tensor.concat(1, x, space.cropTo(image, x)) : x;
    }
}
