package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * A generated segmentation dataset: single-channel square images holding one to {@code maxShapes} filled shapes
 * (disks, rotated squares, triangles) on a flat background, with additive Gaussian noise, and the binary mask of the
 * shapes' union.
 *
 * <p>Each image has its own background level in [0, 0.3) and each shape its own brightness, 0.3 to 0.7 above that
 * background, so a network has to separate shapes from noise rather than threshold a fixed level. A pixel belongs to a
 * shape when its centre does. Sample {@code i} depends only on the seed and {@code i}: the first {@code n} samples of
 * a larger dataset with the same seed, size, shape count and noise are the same images.
 *
 * <pre>{@code
 * var data = ShapesDataset.generate(new ShapesDataset.Spec(64, 48, 3, 0.1, 7));
 * data.images();   // Tensor[64, 1, 48, 48] float32
 * data.masks();    // Tensor[64, 1, 48, 48] float32, values 0 and 1
 * }</pre>
 */
public final class ShapesDataset implements SegmentationDataset {
    private static final double MIN_BACKGROUND = 0.0;
    private static final double MAX_BACKGROUND = 0.3;
    private static final double MIN_CONTRAST = 0.3;
    private static final double MAX_CONTRAST = 0.7;

    /** The kinds of shape drawn. */
    private enum ShapeKind {
        DISK, SQUARE, TRIANGLE
    }

    /**
     * What to generate.
     *
     * @param count     number of samples, at least 1
     * @param size      image height and width in pixels, at least 8
     * @param maxShapes each image holds between 1 and this many shapes, at least 1
     * @param noise     standard deviation of the additive Gaussian noise, at least 0
     * @param seed      the seed every sample is derived from
     */
    public record Spec(int count, int size, int maxShapes, double noise, long seed) {
        /** Validates every field. */
        public Spec {
            if (count < 1) {
                throw new IllegalArgumentException("ShapesDataset: count must be >= 1, got " + count);
            }
            if (size < 8) {
                throw new IllegalArgumentException("ShapesDataset: size must be >= 8 pixels, got " + size);
            }
            if (maxShapes < 1) {
                throw new IllegalArgumentException("ShapesDataset: maxShapes must be >= 1, got " + maxShapes);
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("ShapesDataset: noise must be a finite value >= 0, got " + noise);
            }
        }
    }

    private final Spec spec;
    private final Tensor images;
    private final Tensor masks;

    private ShapesDataset(Spec spec, Tensor images, Tensor masks) {
        this.spec = spec;
        this.images = images;
        this.masks = masks;
    }

    /** Generates the samples {@code spec} describes. */
    public static ShapesDataset generate(Spec spec) {
        int pixels = spec.size() * spec.size();
        float[] image = new float[spec.count() * pixels];
        float[] mask = new float[spec.count() * pixels];
        SplittableRandom root = new SplittableRandom(spec.seed());
        for (int i = 0; i < spec.count(); i++) {
            drawSample(root.split(), spec, image, mask, i * pixels);
        }
        int[] dims = {spec.count(), 1, spec.size(), spec.size()};
        return new ShapesDataset(spec, Tensor.wrap(image, dims), Tensor.wrap(mask, dims));
    }

    private static void drawSample(SplittableRandom rng, Spec spec, float[] image, float[] mask, int offset) {
        int size = spec.size();
        double background = uniform(rng, MIN_BACKGROUND, MAX_BACKGROUND);
        for (int p = 0; p < size * size; p++) {
            image[offset + p] = (float) background;
        }
        int shapes = 1 + rng.nextInt(spec.maxShapes());
        for (int s = 0; s < shapes; s++) {
            Region shape = randomShape(rng, size);
            float brightness = (float) (background + uniform(rng, MIN_CONTRAST, MAX_CONTRAST));
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (shape.contains(x + 0.5, y + 0.5)) {
                        image[offset + y * size + x] = brightness;
                        mask[offset + y * size + x] = 1;
                    }
                }
            }
        }
        if (spec.noise() > 0) {
            for (int p = 0; p < size * size; p += 2) {
                double r = Math.sqrt(-2 * Math.log(1 - rng.nextDouble()));
                double angle = 2 * Math.PI * rng.nextDouble();
                image[offset + p] += (float) (spec.noise() * r * Math.cos(angle));
                if (p + 1 < size * size) {
                    image[offset + p + 1] += (float) (spec.noise() * r * Math.sin(angle));
                }
            }
        }
    }

    private static Region randomShape(SplittableRandom rng, int size) {
        double radius = uniform(rng, size / 10.0, size / 5.0);
        double cx = uniform(rng, radius, size - radius);
        double cy = uniform(rng, radius, size - radius);
        double angle = uniform(rng, 0, 2 * Math.PI);
        ShapeKind kind = ShapeKind.values()[rng.nextInt(ShapeKind.values().length)];
        return switch (kind) {
            case DISK -> (x, y) -> (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
            case SQUARE -> {
                double half = radius / Math.sqrt(2);
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                yield (x, y) -> {
                    double u = (x - cx) * cos + (y - cy) * sin;
                    double v = -(x - cx) * sin + (y - cy) * cos;
                    return Math.abs(u) <= half && Math.abs(v) <= half;
                };
            }
            case TRIANGLE -> {
                double[] vx = new double[3];
                double[] vy = new double[3];
                for (int k = 0; k < 3; k++) {
                    double a = angle + 2 * Math.PI * k / 3;
                    vx[k] = cx + radius * Math.cos(a);
                    vy[k] = cy + radius * Math.sin(a);
                }
                yield (x, y) -> insideTriangle(x, y, vx, vy);
            }
        };
    }

    /** True when (x, y) lies on the same side of all three edges (either orientation). */
    private static boolean insideTriangle(double x, double y, double[] vx, double[] vy) {
        boolean negative = false;
        boolean positive = false;
        for (int k = 0; k < 3; k++) {
            int next = (k + 1) % 3;
            double cross = (vx[next] - vx[k]) * (y - vy[k]) - (vy[next] - vy[k]) * (x - vx[k]);
            negative |= cross < 0;
            positive |= cross > 0;
        }
        return !(negative && positive);
    }

    private static double uniform(SplittableRandom rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    /** A region of the plane, tested at pixel centres. */
    @FunctionalInterface
    private interface Region {
        boolean contains(double x, double y);
    }

    /** What was generated. */
    public Spec spec() {
        return spec;
    }

    /** Number of samples. */
    @Override
    public int count() {
        return spec.count();
    }

    /** Every image, shape [count, 1, size, size]. */
    @Override
    public Tensor images() {
        return images;
    }

    /** Every mask (0 background, 1 shape), shape [count, 1, size, size]. */
    @Override
    public Tensor masks() {
        return masks;
    }

    /** Images {@code from..to-1}. */
    public Tensor images(int from, int to) {
        return images.slice(0, from, to);
    }

    /** Masks {@code from..to-1}. */
    public Tensor masks(int from, int to) {
        return masks.slice(0, from, to);
    }

    /** {@code ShapesDataset[8 images 32x32, 1 to 3 shapes, noise 0.1, seed 7]}. */
    @Override
    public String toString() {
        return "ShapesDataset[" + spec.count() + " images " + spec.size() + "x" + spec.size() + ", 1 to "
                + spec.maxShapes() + " shapes, noise " + spec.noise() + ", seed " + spec.seed() + "]";
    }
}
