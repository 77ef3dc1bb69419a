package org.unet4j.experiments.datasets;

import java.util.SplittableRandom;

/**
 * A three-class stand-in for the SoftCut thesis's multiclass data (Experiment 10): noisy scenes of axis-aligned
 * rectangles (class 1) and disks (class 2) of the same brightness range on a background (class 0) split into a few
 * dim flat regions. The classes differ only in shape, so a pixel's class is not readable from its neighbourhood
 * alone. Masks hold the class index of each pixel; later objects cover earlier ones.
 */
public final class ShapeClassesDataset {
    /** The number of classes, background included. */
    public static final int CLASSES = 3;

    private ShapeClassesDataset() {
    }

    /**
     * What to generate.
     *
     * @param count      samples, at least 1
     * @param size       image height and width, at least 16
     * @param maxObjects each image holds 1 to this many objects, at least 1
     * @param noise      standard deviation of the additive noise, at least 0
     * @param seed       the seed of every sample
     */
    public record Spec(int count, int size, int maxObjects, double noise, long seed) {
        /** Validates the fields. */
        public Spec {
            SyntheticImages.checkCommon("ShapeClassesDataset", count, size, 16, noise);
            if (maxObjects < 1) {
                throw new IllegalArgumentException("ShapeClassesDataset: maxObjects must be >= 1, got " + maxObjects);
            }
        }
    }

    /** The samples {@code spec} describes: images N x 1 x size x size, masks of class indices alike. */
    public static TensorDataset generate(Spec spec) {
        return SampleDrawer.generate((rng, image, mask, offset, size) -> draw(spec, rng, image, mask, offset, size),
                spec.count(), spec.size(), spec.seed());
    }

    private static void draw(Spec spec, SplittableRandom rng, float[] image, float[] mask, int offset, int size) {
        int split = 1 + rng.nextInt(size - 1);
        double left = SyntheticImages.uniform(rng, 0, 0.35);
        double right = SyntheticImages.uniform(rng, 0, 0.35);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image[offset + y * size + x] = (float) (x < split ? left : right);
            }
        }
        int objects = 1 + rng.nextInt(spec.maxObjects());
        for (int o = 0; o < objects; o++) {
            double half = SyntheticImages.uniform(rng, size / 10.0 + 1, size / 5.0);
            double cx = SyntheticImages.uniform(rng, half, size - half);
            double cy = SyntheticImages.uniform(rng, half, size - half);
            boolean disk = rng.nextBoolean();
            double brightness = SyntheticImages.uniform(rng, 0.7, 1);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = x + 0.5 - cx;
                    double dy = y + 0.5 - cy;
                    boolean inside = disk ? dx * dx + dy * dy <= half * half
                            : Math.abs(dx) <= half && Math.abs(dy) <= half;
                    if (inside) {
                        image[offset + y * size + x] = (float) brightness;
                        mask[offset + y * size + x] = disk ? 2 : 1;
                    }
                }
            }
        }
        SyntheticImages.addNoise(image, offset, size * size, spec.noise(), rng);
    }
}
