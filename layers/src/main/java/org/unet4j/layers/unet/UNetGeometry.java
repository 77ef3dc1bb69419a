package org.unet4j.layers.unet;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.unet4j.autodiff.Shape;
import org.unet4j.layers.topology.SpatialLayers;

/**
 * The size rules of a U-Net along one spatial axis (the same for every axis of its d spatial axes). With L = levels - 1
 * down-samplings by f, a stem removing t pixels, encoder blocks removing e, the bottleneck block removing m and
 * decoder blocks removing d (each {@code convsPerLevel * (k - 1)} for PLN/RSE under VALID padding, 0 under SAME),
 * and bottom size b &gt;= 1 (the bottleneck's output):
 * <pre>
 *   s_in(b)  = f^L (b + m) + e * sum_{i=0..L-1} f^i + t
 *   s_out(b) = f^L b - d * sum_{i=0..L-1} f^i
 * </pre>
 * With e = m = d = c and t = 0 this is DESIGN.md's rule (its l is L here): s_in = f^L b + c sum_{i=0..L} f^i. Every
 * size before a down-sampling must be divisible by f, which the inputs s_in(b) and only they satisfy; the skip of a
 * level is centre-cropped to the size it is merged with. The valid inputs form the progression
 * s_in(b) = f^L b + s_in(0); shifts by multiples of f^L commute with the network (DESIGN.md, "Shift equivariance").
 */
public final class UNetGeometry {
    private final int spatialDims;
    private final int levels;
    private final int factor;
    private final int stemShrink;
    private final int encoderShrink;
    private final int bottleneckShrink;
    private final int decoderShrink;

    /** A builder with the defaults listed on {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    private UNetGeometry(int spatialDims, int levels, int factor, int stemShrink, int encoderShrink,
            int bottleneckShrink, int decoderShrink) {
        SpatialLayers.of(spatialDims);
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be >= 1 (the bottleneck counts as a level), got " + levels);
        }
        if (factor < 2) {
            throw new IllegalArgumentException("the pooling factor must be >= 2, got " + factor);
        }
        if (stemShrink < 0 || encoderShrink < 0 || bottleneckShrink < 0 || decoderShrink < 0) {
            throw new IllegalArgumentException("stem and block shrinks must be >= 0");
        }
        this.spatialDims = spatialDims;
        this.levels = levels;
        this.factor = factor;
        this.stemShrink = stemShrink;
        this.encoderShrink = encoderShrink;
        this.bottleneckShrink = bottleneckShrink;
        this.decoderShrink = decoderShrink;
    }

    /** The number d of spatial axes of the inputs. */
    public int spatialDims() {
        return spatialDims;
    }

    /** The number of down-samplings L = levels - 1. */
    public int downsamplings() {
        return levels - 1;
    }

    /** The pooling factor f. */
    public int factor() {
        return factor;
    }

    /** f^L: the step between valid input sizes and the period of the network's shift equivariance. */
    public int period() {
        return Math.toIntExact(pow(factor, levels - 1));
    }

    /** s_in(b), the input size whose bottom size is {@code b >= 1}. */
    public int inputSize(int bottom) {
        long s = bottom + (long) bottleneckShrink;
        for (int i = 0; i < levels - 1; i++) {
            s = s * factor + encoderShrink;
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
    SizeTrace trace(int size) {
        int[] encoder = new int[levels - 1];
        int[] down = new int[levels - 1];
        int s = size - stemShrink;
        if (s < 1) {
            return null;
        }
        int stem = s;
        for (int i = 0; i < levels - 1; i++) {
            s -= encoderShrink;
            if (s < factor || s % factor != 0) {
                return null;
            }
            encoder[i] = s;
            s /= factor;
            down[i] = s;
        }
        s -= bottleneckShrink;
        if (s < 1) {
            return null;
        }
        int bottom = s;
        int[] up = new int[levels - 1];
        int[] decoder = new int[levels - 1];
        for (int i = levels - 2; i >= 0; i--) {
            s *= factor;
            up[i] = s;
            s -= decoderShrink;
            if (s < 1) {
                return null;
            }
            decoder[i] = s;
        }
        return new SizeTrace(stem, encoder, down, bottom, up, decoder, s);
    }

    /** Sizes along one axis after each stage: the stem, level i's encoder block and down-sampling, the bottleneck,
     *  level i's up-sampling and decoder block, and the output. */
    record SizeTrace(int stem, int[] encoder, int[] down, int bottom, int[] up, int[] decoder, int output) {
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

    private static long pow(int base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= base;
        }
        return p;
    }

    @Override
    public String toString() {
        return "UNetGeometry[" + (spatialDims == 1 ? "1-D, " : "") + "levels " + levels + ", factor " + factor
                + ", valid inputs " + rule() + "]";
    }

    /**
     * Options of a {@link UNetGeometry}. Defaults: 2 spatial dimensions, 4 levels (the bottleneck included),
     * factor 2, no stem, blocks that keep their size (SAME padding): every shrink 0.
     */
    public static final class Builder {
        private int spatialDims = 2;
        private int levels = 4;
        private int factor = 2;
        private int stemShrink;
        private int encoderShrink;
        private int bottleneckShrink;
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
            this.levels = l;
            return this;
        }

        /** The down- and up-sampling factor f &gt;= 2 (default 2). */
        public Builder factor(int f) {
            this.factor = f;
            return this;
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

        /** The same shrink c for every block: encoder, bottleneck and decoder. */
        public Builder blockShrink(int c) {
            return encoderShrink(c).bottleneckShrink(c).decoderShrink(c);
        }

        /** The rules; fails naming the first invalid value. */
        public UNetGeometry build() {
            return new UNetGeometry(spatialDims, levels, factor, stemShrink, encoderShrink, bottleneckShrink,
                    decoderShrink);
        }
    }
}
