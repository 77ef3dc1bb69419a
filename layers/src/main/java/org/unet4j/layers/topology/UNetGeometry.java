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
 */
public final class UNetGeometry {
    private final int spatialDims;
    private final int[] factors;
    private final int stemShrink;
    private final int[] encoderShrinks;
    private final int bottleneckShrink;
    private final int[] decoderShrinks;

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    private UNetGeometry(int spatialDims, int[] factors, int stemShrink, int[] encoderShrinks, int bottleneckShrink,
            int[] decoderShrinks) {
        SpatialLayers.of(spatialDims);
        for (int f : factors) {
            if (f < 2) {
                throw new IllegalArgumentException("the pooling factor must be >= 2, got " + f);
            }
        }
        if (stemShrink < 0 || bottleneckShrink < 0 || Arrays.stream(encoderShrinks).anyMatch(e -> e < 0)
                || Arrays.stream(decoderShrinks).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("stem and block shrinks must be >= 0");
        }
        this.spatialDims = spatialDims;
        this.factors = factors.clone();
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
        return factors.length;
    }

    /** The pooling factor f of every level; fails when the levels have different factors ({@link #factor(int)}). */
    public int factor() {
        if (Arrays.stream(factors).distinct().count() > 1) {
            throw new IllegalStateException("the levels have the factors " + Arrays.toString(factors)
                    + "; use factor(level)");
        }
        return factors.length == 0 ? 2 : factors[0];
    }

    /** The factor f_i by which level {@code level} goes down. */
    public int factor(int level) {
        return factors[level];
    }

    /** P = f_0 ... f_{L-1}: the step between valid input sizes and the period of the shift equivariance. */
    public int period() {
        long p = 1;
        for (int f : factors) {
            p *= f;
        }
        return Math.toIntExact(p);
    }

    /** s_in(b), the input size whose bottom size is {@code b >= 1}. */
    public int inputSize(int bottom) {
        long s = bottom + (long) bottleneckShrink;
        for (int i = factors.length - 1; i >= 0; i--) {
            s = s * factors[i] + encoderShrinks[i];
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
        int levels = factors.length;
        int[] encoder = new int[levels];
        int[] down = new int[levels];
        int s = size - stemShrink;
        if (s < 1) {
            return null;
        }
        int stem = s;
        for (int i = 0; i < levels; i++) {
            s -= encoderShrinks[i];
            if (s < factors[i] || s % factors[i] != 0) {
                return null;
            }
            encoder[i] = s;
            s /= factors[i];
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
            s *= factors[i];
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
     * Fails, before any work, when {@code shape} is not [N, C, H, W] (2-D) or [N, C, W] (1-D) with valid spatial
     * sizes; the message gives the nearest valid sizes for each wrong axis and the rule s_in = f^L b + s_in(0),
     * b &gt;= 1.
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
            if (!isValidInputSize(size)) {
                problems.add(axes[a] + " " + size + " (nearest valid: " + join(nearestValidInputSizes(size)) + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("input " + shape + " has an invalid " + String.join(" and ", problems)
                    + "; valid sizes are " + rule() + " for b >= 1");
        }
    }

    /** The progression of valid sizes, "8 b + 4". */
    public String rule() {
        int offset = inputSize(0);
        return period() + " b" + (offset == 0 ? "" : " + " + offset);
    }

    private static String join(List<Integer> sizes) {
        return sizes.size() == 1 ? sizes.get(0).toString() : sizes.get(0) + " or " + sizes.get(1);
    }

    @Override
    public String toString() {
        boolean uniform = Arrays.stream(factors).distinct().count() <= 1;
        return "UNetGeometry[" + (spatialDims == 1 ? "1-D, " : "") + "levels " + (factors.length + 1)
                + (uniform ? ", factor " + factor() : ", factors " + Arrays.toString(factors)) + ", valid inputs "
                + rule() + "]";
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
        private int factor = 2;
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

        /** The down- and up-sampling factor f &gt;= 2 of every level (default 2). */
        public Builder factor(int f) {
            this.factor = f;
            return this;
        }

        /** The factor f_i of each level above the bottleneck, finest first. */
        public Builder factors(int... perLevel) {
            this.factors = perLevel.clone();
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
            return new UNetGeometry(spatialDims, perLevel("factors", factors, factor), stemShrink,
                    perLevel("encoderShrinks", encoderShrinks, encoderShrink), bottleneckShrink,
                    perLevel("decoderShrinks", decoderShrinks, decoderShrink));
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
