package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

import org.unet4j.autodiff.Tensor;

/**
 * A generated 3-D segmentation dataset for quickstart-sized volumetric runs and tests: single-channel volumes
 * {@code [count, 1, D, H, W]} holding one to {@code maxObjects} solid objects (spheres, rotated ellipsoids and tubes,
 * a tube being a capsule: all points within a radius of a segment) on a flat background, multiplied by a smooth
 * intensity bias field and with additive Gaussian noise; the masks are the objects' union, and {@link #labels()}
 * tells them apart (1 sphere, 2 ellipsoid, 3 tube; a later object overwrites an earlier one where they overlap).
 *
 * <p>Geometry is drawn in physical units, a voxel being {@code sliceThickness} long along the depth axis and 1 in
 * height and width, so thick-slice volumes (anisotropic voxels, as in CT and MR with {@code sliceThickness} 2 to 5)
 * hold the same round objects squashed along depth. A voxel belongs to an object when its centre does. The bias
 * field is {@code 1 + bias (g . (p - c) / R + cos(pi h . p / R) / 2) / 1.5} for random unit directions g, h (p the
 * voxel centre, c the volume's centre, R half its diagonal), so it stays within {@code [1 - bias, 1 + bias]} and
 * varies smoothly across the volume, like an MR coil's. Each volume has its own background in [0, 0.3) and each object its own brightness 0.3
 * to 0.7 above it. Sample {@code i} depends only on the seed and {@code i}.
 *
 * <pre>{@code
 * var data = VolumesDataset.generate(VolumesDataset.Spec.of(16, 24, 32, 7));   // 16 volumes 24x32x32
 * data.images();   // Tensor[16, 1, 24, 32, 32] float32
 * data.masks();    // Tensor[16, 1, 24, 32, 32] float32, values 0 and 1
 * }</pre>
 */
public final class VolumesDataset implements SegmentationDataset {
    private static final double MAX_BACKGROUND = 0.3;
    private static final double MIN_CONTRAST = 0.3;
    private static final double MAX_CONTRAST = 0.7;

    /** The kinds of object drawn; the label of each is its ordinal plus one. */
    public enum ObjectKind {
        /** A ball. */
        SPHERE,
        /** A rotated ellipsoid with three radii. */
        ELLIPSOID,
        /** A capsule around a segment: a straight vessel. */
        TUBE
    }

    /**
     * What to generate.
     *
     * @param count          number of samples, at least 1
     * @param depth          voxels along the depth axis, at least 4
     * @param size           voxels along height and width, at least 8
     * @param maxObjects     each volume holds between 1 and this many objects, at least 1
     * @param noise          standard deviation of the additive Gaussian noise, at least 0
     * @param bias           amplitude of the multiplicative bias field, in [0, 0.9]
     * @param sliceThickness voxel length along depth relative to height and width, at least 1
     * @param seed           the seed every sample is derived from
     */
    public record Spec(int count, int depth, int size, int maxObjects, double noise, double bias,
            double sliceThickness, long seed) {
        /** Validates every field. */
        public Spec {
            SyntheticImages.checkCommon("VolumesDataset", count, size, 8, noise);
            if (depth < 4) {
                throw new IllegalArgumentException("VolumesDataset: depth must be >= 4 voxels, got " + depth);
            }
            if (maxObjects < 1) {
                throw new IllegalArgumentException("VolumesDataset: maxObjects must be >= 1, got " + maxObjects);
            }
            if (!(bias >= 0 && bias <= 0.9)) {
                throw new IllegalArgumentException("VolumesDataset: bias must be in [0, 0.9] (it scales the "
                        + "intensity by 1 +- bias), got " + bias);
            }
            if (!(sliceThickness >= 1) || Double.isInfinite(sliceThickness)) {
                throw new IllegalArgumentException("VolumesDataset: sliceThickness must be a finite value >= 1, got "
                        + sliceThickness);
            }
        }

        /** {@code count} volumes of {@code depth x size x size}: up to 3 objects, noise 0.1, bias 0.2, cubic voxels. */
        public static Spec of(int count, int depth, int size, long seed) {
            return new Spec(count, depth, size, 3, 0.1, 0.2, 1, seed);
        }
    }

    private final Spec spec;
    private final Tensor images;
    private final Tensor masks;
    private final Tensor labels;

    private VolumesDataset(Spec spec, Tensor images, Tensor masks, Tensor labels) {
        this.spec = spec;
        this.images = images;
        this.masks = masks;
        this.labels = labels;
    }

    /** Generates the samples {@code spec} describes. */
    public static VolumesDataset generate(Spec spec) {
        int voxels = spec.depth() * spec.size() * spec.size();
        float[] image = new float[spec.count() * voxels];
        float[] label = new float[spec.count() * voxels];
        SplittableRandom root = new SplittableRandom(spec.seed());
        for (int i = 0; i < spec.count(); i++) {
            drawSample(root.split(), spec, image, label, i * voxels);
        }
        float[] mask = new float[label.length];
        for (int v = 0; v < mask.length; v++) {
            mask[v] = label[v] > 0 ? 1 : 0;
        }
        int[] dims = {spec.count(), 1, spec.depth(), spec.size(), spec.size()};
        return new VolumesDataset(spec, Tensor.wrap(image, dims), Tensor.wrap(mask, dims), Tensor.wrap(label, dims));
    }

    /** A solid in physical coordinates (depth scaled by the slice thickness), tested at voxel centres. */
    @FunctionalInterface
    private interface Solid {
        boolean contains(double z, double y, double x);
    }

    private static void drawSample(SplittableRandom rng, Spec spec, float[] image, float[] label, int offset) {
        int d = spec.depth();
        int s = spec.size();
        double t = spec.sliceThickness();
        double[] extent = {d * t, s, s};
        double background = SyntheticImages.uniform(rng, 0, MAX_BACKGROUND);
        float[] brightness = new float[d * s * s];
        java.util.Arrays.fill(brightness, (float) background);
        int objects = 1 + rng.nextInt(spec.maxObjects());
        for (int o = 0; o < objects; o++) {
            ObjectKind kind = ObjectKind.values()[rng.nextInt(ObjectKind.values().length)];
            Solid solid = randomSolid(rng, kind, extent);
            float level = (float) (background + SyntheticImages.uniform(rng, MIN_CONTRAST, MAX_CONTRAST));
            for (int k = 0; k < d; k++) {
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        if (solid.contains((k + 0.5) * t, i + 0.5, j + 0.5)) {
                            int v = (k * s + i) * s + j;
                            brightness[v] = level;
                            label[offset + v] = kind.ordinal() + 1;
                        }
                    }
                }
            }
        }
        double[] g = unitVector(rng);
        double[] h = unitVector(rng);
        double radius = Math.sqrt(sq(extent[0]) + sq(extent[1]) + sq(extent[2])) / 2;
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    double[] p = {(k + 0.5) * t, i + 0.5, j + 0.5};
                    double along = 0;
                    double wave = 0;
                    for (int a = 0; a < 3; a++) {
                        along += g[a] * (p[a] - extent[a] / 2);
                        wave += h[a] * p[a];
                    }
                    double field = 1 + spec.bias() * (along / radius + Math.cos(Math.PI * wave / radius) / 2) / 1.5;
                    int v = (k * s + i) * s + j;
                    image[offset + v] = (float) (brightness[v] * field);
                }
            }
        }
        SyntheticImages.addNoise(image, offset, d * s * s, spec.noise(), rng);
    }

    private static Solid randomSolid(SplittableRandom rng, ObjectKind kind, double[] extent) {
        double smallest = Math.min(extent[0], Math.min(extent[1], extent[2]));
        double r = SyntheticImages.uniform(rng, smallest / 10, smallest / 4);
        double[] c = new double[3];
        for (int a = 0; a < 3; a++) {
            c[a] = SyntheticImages.uniform(rng, r, extent[a] - r);
        }
        switch (kind) {
            case SPHERE:
                return (z, y, x) -> sq(z - c[0]) + sq(y - c[1]) + sq(x - c[2]) <= r * r;
            case ELLIPSOID: {
                double[] radii = {r * SyntheticImages.uniform(rng, 0.5, 1.5), r * SyntheticImages.uniform(rng, 0.5,
                        1.5), r * SyntheticImages.uniform(rng, 0.5, 1.5)};
                double[][] axes = rotation(rng);
                return (z, y, x) -> {
                    double[] q = {z - c[0], y - c[1], x - c[2]};
                    double sum = 0;
                    for (int a = 0; a < 3; a++) {
                        double u = axes[a][0] * q[0] + axes[a][1] * q[1] + axes[a][2] * q[2];
                        sum += sq(u / radii[a]);
                    }
                    return sum <= 1;
                };
            }
            default: {
                double tubeRadius = Math.max(1, r / 3);
                double[] u = unitVector(rng);
                double half = SyntheticImages.uniform(rng, smallest / 4, smallest / 2);
                return (z, y, x) -> {
                    double[] q = {z - c[0], y - c[1], x - c[2]};
                    double along = Math.max(-half, Math.min(half, u[0] * q[0] + u[1] * q[1] + u[2] * q[2]));
                    return sq(q[0] - along * u[0]) + sq(q[1] - along * u[1]) + sq(q[2] - along * u[2])
                            <= tubeRadius * tubeRadius;
                };
            }
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    /** A uniformly random direction (normalised Gaussian vector). */
    private static double[] unitVector(SplittableRandom rng) {
        double[] v = {SyntheticImages.gaussian(rng), SyntheticImages.gaussian(rng), SyntheticImages.gaussian(rng)};
        double norm = Math.sqrt(sq(v[0]) + sq(v[1]) + sq(v[2]));
        if (norm < 1e-12) {
            return new double[] {1, 0, 0};
        }
        return new double[] {v[0] / norm, v[1] / norm, v[2] / norm};
    }

    /** A random rotation's rows (Gram-Schmidt on two random directions, the third their cross product). */
    private static double[][] rotation(SplittableRandom rng) {
        double[] a = unitVector(rng);
        double[] b = unitVector(rng);
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        double[] bo = {b[0] - dot * a[0], b[1] - dot * a[1], b[2] - dot * a[2]};
        double norm = Math.sqrt(sq(bo[0]) + sq(bo[1]) + sq(bo[2]));
        if (norm < 1e-9) {
            bo = Math.abs(a[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
            double d2 = a[0] * bo[0] + a[1] * bo[1] + a[2] * bo[2];
            bo = new double[] {bo[0] - d2 * a[0], bo[1] - d2 * a[1], bo[2] - d2 * a[2]};
            norm = Math.sqrt(sq(bo[0]) + sq(bo[1]) + sq(bo[2]));
        }
        double[] bn = {bo[0] / norm, bo[1] / norm, bo[2] / norm};
        double[] cn = {a[1] * bn[2] - a[2] * bn[1], a[2] * bn[0] - a[0] * bn[2], a[0] * bn[1] - a[1] * bn[0]};
        return new double[][] {a, bn, cn};
    }

    /** What was generated. */
    public Spec spec() {
        return spec;
    }

    @Override
    public int count() {
        return spec.count();
    }

    /** Every volume, shape {@code [count, 1, depth, size, size]}. */
    @Override
    public Tensor images() {
        return images;
    }

    /** Every mask (0 background, 1 object), shape {@code [count, 1, depth, size, size]}. */
    @Override
    public Tensor masks() {
        return masks;
    }

    /** Every label volume: 0 background, then {@link ObjectKind#ordinal()} + 1 per object kind. */
    public Tensor labels() {
        return labels;
    }

    /** {@code VolumesDataset[16 volumes 24x32x32, 1 to 3 objects, noise 0.1, bias 0.2, slice 1, seed 7]}. */
    @Override
    public String toString() {
        return "VolumesDataset[" + spec.count() + " volumes " + spec.depth() + "x" + spec.size() + "x" + spec.size()
                + ", 1 to " + spec.maxObjects() + " objects, noise " + spec.noise() + ", bias " + spec.bias()
                + ", slice " + spec.sliceThickness() + ", seed " + spec.seed() + "]";
    }
}
