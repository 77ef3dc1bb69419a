package org.unet4j.layers.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.unet4j.autodiff.Shape;

/**
 * The size rules of a U-Net along one spatial axis (the same for every axis of its d spatial axes). With
 * L = levels - 1 down-samplings, level i going down by the factor f_i, a stem removing t pixels, level i's encoder
 * block removing e_i, the bottleneck block removing m, level i's decoder block removing d_i (each
 * {@code convsPerLevel * (k - 1)} for PLN/RSE under VALID padding, 0 under SAME) and bottom size b &gt;= 1 (the
 * bottleneck's output):
 * <pre>
 *   s_in(b)  = t + e_0 + f_0 (e_1 + f_1 (... (e_{L-1} + f_{L-1} (b + m))))
 *   s_out(b) = (...((b f_{L-1} - d_{L-1}) f_{L-2} - d_{L-2}) ...) f_0 - d_0
 * </pre>
 * With one factor f and shrinks e, m, d: s_in(b) = f^L (b + m) + e sum_{i=0..L-1} f^i + t, and with e = m = d = c,
 * t = 0 this is DESIGN.md's rule (its l is L here): s_in = f^L b + c sum_{i=0..L} f^i. Every size before a
 * down-sampling must be divisible by its factor, which the inputs s_in(b) and only they satisfy; the skip of a level
 * is centre-cropped to the size it is merged with. The valid inputs form the progression s_in(b) = P b + s_in(0)
 * with the period P = f_0 ... f_{L-1}; shifts by multiples of P commute with the network (DESIGN.md, "Shift
 * equivariance"). {@link UNetTopology#geometry()} derives these rules from a topology's levels and parts.
 *
 * <p>With per-axis factors (a level going down by (1, 2, 2) in a thick-slice volume) every axis a has its own rule,
 * the one above with f_{i,a} in place of f_i ({@link #forAxis}); a factor 1 along an axis keeps that axis's size
 * at that level, so its period there is 1. The one-axis questions ({@link #period()}, {@link #inputSize},
 * {@link #isValidInputSize}, ...) need axes with the same factors and name {@link #forAxis} otherwise.
 */
public final class UNetGeometry {
    private final int spatialDims;
    private final int[][] axisFactors;
    private final int[] factors;
    private final int stemShrink;
    private final int[] encoderShrinks;
    private final int bottleneckShrink;
    private final int[] decoderShrinks;

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code axisFactors[i][a]} is level i's factor along axis a. */
    private UNetGeometry(int spatialDims, int[][] axisFactors, int stemShrink, int[] encoderShrinks,
            int bottleneckShrink, int[] decoderShrinks) {
        SpatialLayers.of(spatialDims);
        for (int[] level : axisFactors) {
            if (level.length != spatialDims) {
                throw new IllegalArgumentException("per-axis factors " + Arrays.toString(level) + " give "
                        + level.length + " axes, but the geometry has " + spatialDims);
            }
            if (Arrays.stream(level).anyMatch(f -> f < 1)) {
                throw new IllegalArgumentException("per-axis factors must be >= 1, got " + Arrays.toString(level));
            }
        }
        if (stemShrink < 0 || bottleneckShrink < 0 || Arrays.stream(encoderShrinks).anyMatch(e -> e < 0)
                || Arrays.stream(decoderShrinks).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("stem and block shrinks must be >= 0");
        }
        this.spatialDims = spatialDims;
        this.axisFactors = new int[axisFactors.length][];
        for (int i = 0; i < axisFactors.length; i++) {
            this.axisFactors[i] = axisFactors[i].clone();
        }
        boolean isotropic = Arrays.stream(axisFactors).allMatch(l -> Arrays.stream(l).distinct().count() == 1);
        this.factors = isotropic ? Arrays.stream(axisFactors).mapToInt(l -> l[0]).toArray() : null;
        this.stemShrink = stemShrink;
        this.encoderShrinks = encoderShrinks.clone();
        this.bottleneckShrink = bottleneckShrink;
        this.decoderShrinks = decoderShrinks.clone();
    }

    /** The number d of spatial axes of the inputs. */
    public int spatialDims() {
        return spatialDims;
    }

    /** The number of down-samplings L = levels - 1. */
    public int downsamplings() {
        return axisFactors.length;
    }

    /** Whether every level goes down by the same factor along every axis (no per-axis factors). */
    public boolean isIsotropic() {
        return factors != null;
    }

    /** Level {@code level}'s factor along each axis, outermost first. */
    public int[] factorsPerAxis(int level) {
        return axisFactors[level].clone();
    }

    /**
     * The rules along axis {@code axis} (0 the outermost): a geometry whose every axis has that axis's factors, so
     * the one-axis methods answer for it; this geometry itself when it is isotropic.
     */
    public UNetGeometry forAxis(int axis) {
        if (axis < 0 || axis >= spatialDims) {
            throw new IllegalArgumentException("axis must be in 0.." + (spatialDims - 1) + ", got " + axis);
        }
        if (isIsotropic()) {
            return this;
        }
        int[][] along = new int[axisFactors.length][spatialDims];
        for (int i = 0; i < along.length; i++) {
            Arrays.fill(along[i], axisFactors[i][axis]);
        }
        return new UNetGeometry(spatialDims, along, stemShrink, encoderShrinks, bottleneckShrink, decoderShrinks);
    }

    /** The factors of each level along the one axis the one-axis methods speak of; fails for per-axis factors. */
    private int[] factors() {
        if (factors == null) {
            throw new IllegalStateException("this geometry has per-axis factors " + describeFactors()
                    + ": ask forAxis(a) for the rules along axis a");
        }
        return factors;
    }

    /** The pooling factor f of every level; fails when the levels have different factors ({@link #factor(int)}). */
    public int factor() {
        if (Arrays.stream(factors()).distinct().count() > 1) {
            throw new IllegalStateException("the levels have the factors " + Arrays.toString(factors())
                    + "; use factor(level)");
        }
        return factors().length == 0 ? 2 : factors()[0];
    }

    /** The factor f_i by which level {@code level} goes down. */
    public int factor(int level) {
        return factors()[level];
    }

    /** P = f_0 ... f_{L-1}: the step between valid input sizes and the period of the shift equivariance. */
    public int period() {
        long p = 1;
        for (int f : factors()) {
            p *= f;
        }
        return Math.toIntExact(p);
    }

    /** s_in(b), the input size whose bottom size is {@code b >= 1}. */
    public int inputSize(int bottom) {
        long s = bottom + (long) bottleneckShrink;
        for (int i = factors().length - 1; i >= 0; i--) {
            s = s * factors()[i] + encoderShrinks[i];
        }
        return Math.toIntExact(s + stemShrink);
    }

    /** The smallest valid input size (s_in(1) unless the decoder needs a larger bottom). */
    public int smallestInputSize() {
        return inputSize(smallestValidBottom());
    }

    /** The smallest bottom size b whose input s_in(b) the whole network accepts (validity grows with b). */
    private int smallestValidBottom() {
        int b = 1;
        while (trace(inputSize(b)) == null) {
            b++;
        }
        return b;
    }

    /** Whether {@code size} is a valid input size along an axis. */
    public boolean isValidInputSize(int size) {
        long offset = size - (long) inputSize(0);
        return offset >= period() && offset % period() == 0 && outputSize(size).isPresent();
    }

    /** The output size for input {@code size}, or empty when the size is not valid. */
    public OptionalInt outputSize(int size) {
        SizeTrace trace = trace(size);
        return trace == null ? OptionalInt.empty() : OptionalInt.of(trace.output());
    }

    /** Sizes after each stage for a valid input, or null when the input is not valid. */
    public SizeTrace trace(int size) {
        int levels = factors().length;
        int[] encoder = new int[levels];
        int[] down = new int[levels];
        int s = size - stemShrink;
        if (s < 1) {
            return null;
        }
        int stem = s;
        for (int i = 0; i < levels; i++) {
            s -= encoderShrinks[i];
            if (s < factors()[i] || s % factors()[i] != 0) {
                return null;
            }
            encoder[i] = s;
            s /= factors()[i];
            down[i] = s;
        }
        s -= bottleneckShrink;
        if (s < 1) {
            return null;
        }
        int bottom = s;
        int[] up = new int[levels];
        int[] decoder = new int[levels];
        for (int i = levels - 1; i >= 0; i--) {
            s *= factors()[i];
            up[i] = s;
            s -= decoderShrinks[i];
            if (s < 1) {
                return null;
            }
            decoder[i] = s;
        }
        return new SizeTrace(stem, encoder, down, bottom, up, decoder, s);
    }

    /** Sizes along one axis after each stage: the stem, level i's encoder block and down-sampling, the bottleneck,
     *  level i's up-sampling and decoder block, and the output. */
    public record SizeTrace(int stem, int[] encoder, int[] down, int bottom, int[] up, int[] decoder, int output) {
    }

    /** The valid input sizes in [from, to], increasing. */
    public List<Integer> validInputSizes(int from, int to) {
        List<Integer> sizes = new ArrayList<>();
        for (int b = 1; ; b++) {
            int s = inputSize(b);
            if (s > to) {
                return sizes;
            }
            if (s >= from && outputSize(s).isPresent()) {
                sizes.add(s);
            }
        }
    }

    /**
     * The valid input sizes nearest to {@code size}: {@code [size]} when it is valid, otherwise the largest valid
     * size below it (if any) and the smallest above it.
     */
    public List<Integer> nearestValidInputSizes(int size) {
        if (isValidInputSize(size)) {
            return List.of(size);
        }
        List<Integer> nearest = new ArrayList<>(2);
        int smallest = smallestValidBottom();
        long k = Math.floorDiv(size - (long) inputSize(0), period());
        if (k >= smallest) {
            nearest.add(inputSize((int) k));
        }
        nearest.add(inputSize((int) Math.max(k + 1, smallest)));
        return nearest;
    }

    /**
     * Fails, before any work, when {@code shape} is not [N, C, W] (1-D), [N, C, H, W] (2-D) or [N, C, D, H, W] (3-D)
     * with valid spatial sizes along every axis ({@link #forAxis}); the message gives the nearest valid sizes for
     * each wrong axis and the rule s_in = P b + s_in(0), b &gt;= 1 (per axis when the factors differ).
     */
    public void requireValid(Shape shape) {
        SpatialLayers space = SpatialLayers.of(spatialDims);
        if (shape.rank() != 2 + spatialDims) {
            throw new IllegalArgumentException((spatialDims == 2 ? "a U-Net" : "a " + spatialDims + "-D U-Net")
                    + " takes " + space.layout() + " batches, got shape " + shape);
        }
        List<String> problems = new ArrayList<>();
        String[] axes = space.axisNames();
        for (int a = 0; a < spatialDims; a++) {
            int size = shape.dim(2 + a);
            UNetGeometry axis = forAxis(a);
            if (!axis.isValidInputSize(size)) {
                problems.add(axes[a] + " " + size + " (nearest valid: " + join(axis.nearestValidInputSizes(size))
                        + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("input " + shape + " has an invalid " + String.join(" and ", problems)
                    + "; valid sizes are " + rule() + " for b >= 1");
        }
    }

    /** The progression of valid sizes, "8 b + 4", or per axis, "depth 2 b + 4, height 8 b + 4, width 8 b + 4". */
    public String rule() {
        if (!isIsotropic()) {
            String[] axes = SpatialLayers.of(spatialDims).axisNames();
            List<String> rules = new ArrayList<>();
            for (int a = 0; a < spatialDims; a++) {
                rules.add(axes[a] + " " + forAxis(a).rule());
            }
            return String.join(", ", rules);
        }
        int offset = inputSize(0);
        return period() + " b" + (offset == 0 ? "" : " + " + offset);
    }

    /** "factor 2", "factors [3, 2]" (per level) or "factors (1, 2, 2)" (per axis, per level when they differ). */
    private String describeFactors() {
        if (isIsotropic()) {
            return Arrays.stream(factors).distinct().count() <= 1 ? "factor " + factor()
                    : "factors " + Arrays.toString(factors);
        }
        List<String> levels = new ArrayList<>();
        for (int[] level : axisFactors) {
            levels.add(Arrays.toString(level).replace('[', '(').replace(']', ')'));
        }
        return "factors " + (levels.stream().distinct().count() == 1 ? levels.get(0) : String.join(" ", levels));
    }

    private static String join(List<Integer> sizes) {
        return sizes.size() == 1 ? sizes.get(0).toString() : sizes.get(0) + " or " + sizes.get(1);
    }

    @Override
    public String toString() {
        return "UNetGeometry[" + (spatialDims == 2 ? "" : spatialDims + "-D, ") + "levels " + (axisFactors.length + 1)
                + ", " + describeFactors() + ", valid inputs " + rule() + "]";
    }

    /**
     * Options of a {@link UNetGeometry}. Defaults: 2 spatial dimensions, 4 levels (the bottleneck included),
     * factor 2, no stem, blocks that keep their size (SAME padding): every shrink 0. Per-level values
     * ({@link #factors}, {@link #encoderShrinks}, {@link #decoderShrinks}) fix the number of levels.
     */
    public static final class Builder {
        private int spatialDims = 2;
        private int levels = 4;
        private int[] factors;
        private int[][] factorsPerAxis;
        private int[] factor = {2};
        private int stemShrink;
        private int[] encoderShrinks;
        private int encoderShrink;
        private int bottleneckShrink;
        private int[] decoderShrinks;
        private int decoderShrink;

        private Builder() {
        }

        /** Spatial dimensions d of the inputs (default 2). */
        public Builder spatialDims(int d) {
            this.spatialDims = d;
            return this;
        }

        /** Resolution levels, the bottleneck included (default 4). */
        public Builder levels(int l) {
            if (l < 1) {
                throw new IllegalArgumentException("levels must be >= 1 (the bottleneck counts as a level), got " + l);
            }
            this.levels = l;
            return this;
        }

        /**
         * The down- and up-sampling factor f &gt;= 2 of every level along every axis (default 2), or one factor per
         * axis, outermost first, such as (1, 2, 2).
         */
        public Builder factor(int... perAxis) {
            this.factor = perAxis.clone();
            return this;
        }

        /** The factor f_i of each level above the bottleneck, finest first, along every axis. */
        public Builder factors(int... perLevel) {
            this.factors = perLevel.clone();
            this.factorsPerAxis = null;
            return levels(perLevel.length + 1);
        }

        /** The factors of each level above the bottleneck, finest first, each one per axis. */
        public Builder factorsPerAxis(int[]... perLevel) {
            this.factorsPerAxis = perLevel.clone();
            this.factors = null;
            return levels(perLevel.length + 1);
        }

        /** Pixels per axis the stem removes (default 0). */
        public Builder stemShrink(int t) {
            this.stemShrink = t;
            return this;
        }

        /** Pixels per axis each encoder block removes (default 0). */
        public Builder encoderShrink(int e) {
            this.encoderShrink = e;
            return this;
        }

        /** Pixels per axis level i's encoder block removes, finest first. */
        public Builder encoderShrinks(int... perLevel) {
            this.encoderShrinks = perLevel.clone();
            return levels(perLevel.length + 1);
        }

        /** Pixels per axis the bottleneck block removes (default 0). */
        public Builder bottleneckShrink(int m) {
            this.bottleneckShrink = m;
            return this;
        }

        /** Pixels per axis each decoder block removes (default 0). */
        public Builder decoderShrink(int d) {
            this.decoderShrink = d;
            return this;
        }

        /** Pixels per axis level i's decoder block removes, finest first. */
        public Builder decoderShrinks(int... perLevel) {
            this.decoderShrinks = perLevel.clone();
            return levels(perLevel.length + 1);
        }

        /** The same shrink c for every block: encoder, bottleneck and decoder. */
        public Builder blockShrink(int c) {
            return encoderShrink(c).bottleneckShrink(c).decoderShrink(c);
        }

        /** The rules; fails naming the first invalid value. */
        public UNetGeometry build() {
            for (int[] level : axisFactors()) {
                if (Arrays.stream(level).allMatch(f -> f < 2)) {
                    throw new IllegalArgumentException("the pooling factor must be >= 2 (per axis: each >= 1, one at "
                            + "least >= 2), got " + Arrays.toString(level));
                }
            }
            return new UNetGeometry(spatialDims, axisFactors(), stemShrink,
                    perLevel("encoderShrinks", encoderShrinks, encoderShrink), bottleneckShrink,
                    perLevel("decoderShrinks", decoderShrinks, decoderShrink));
        }

        private int[][] axisFactors() {
            if (factorsPerAxis != null) {
                perLevel("factorsPerAxis", new int[factorsPerAxis.length], 0);
                return factorsPerAxis;
            }
            int[][] out = new int[levels - 1][];
            if (factors == null) {
                int[] perAxis = factor.length == 1 ? uniform(factor[0]) : factor;
                Arrays.fill(out, perAxis);
                return out;
            }
            int[] perLevel = perLevel("factors", factors, 0);
            for (int i = 0; i < out.length; i++) {
                out[i] = uniform(perLevel[i]);
            }
            return out;
        }

        private int[] uniform(int f) {
            int[] all = new int[spatialDims];
            Arrays.fill(all, f);
            return all;
        }

        private int[] perLevel(String name, int[] values, int uniform) {
            if (values == null) {
                int[] all = new int[levels - 1];
                Arrays.fill(all, uniform);
                return all;
            }
            if (values.length != levels - 1) {
                throw new IllegalArgumentException(name + " " + Arrays.toString(values) + " give " + values.length
                        + " levels above the bottleneck, but the geometry has " + (levels - 1));
            }
            return values;
        }
    }
}
